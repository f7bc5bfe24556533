//! `/invoices/closing`: the closing run (締め処理). Pick the closing date, preview every
//! invoice it would issue (nothing is stored, numbers are the ones they will take), then
//! issue them. Issuing twice never bills twice, so a second click issues nothing new.

use leptos::prelude::*;
use leptos_router::components::A;

use super::{COLUMNS, InvoiceRow};
use crate::api::invoices::{self, Invoice, RunClosingInput};
use crate::components::{
    DataTable, Flash, FlashNotice, FormError, IconKind, ListEmpty, PageHeader, Panel, Problem,
    action_problem, local_today,
};
use crate::i18n::{Msg, tr, use_i18n};

/// What the page shows under the form.
#[derive(Clone, PartialEq)]
enum Outcome {
    /// What a run would issue.
    Preview(Vec<Invoice>),
    /// What a run issued.
    Issued(Vec<Invoice>),
}

/// The closing run.
#[component]
pub fn ClosingPage() -> impl IntoView {
    let i18n = use_i18n();
    let date = RwSignal::new(local_today());
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);
    let flash = RwSignal::new(None::<Flash>);
    let outcome = RwSignal::new(None::<Outcome>);
    let run = move |dry_run: bool| {
        busy.set(true);
        problem.set(None);
        flash.set(None);
        let input = RunClosingInput {
            closing_date: date.get_untracked(),
            dry_run,
        };
        leptos::task::spawn_local(async move {
            match invoices::run_closing(input).await {
                Ok(issued) if dry_run => {
                    outcome.try_set(Some(Outcome::Preview(issued)));
                }
                Ok(issued) => {
                    let count = issued.len().to_string();
                    flash.try_set(Some(Flash::done(Msg::ClIssuedFlash, count)));
                    outcome.try_set(Some(Outcome::Issued(issued)));
                }
                Err(e) => {
                    problem.try_set(Some(action_problem(&e)));
                }
            }
            busy.try_set(false);
        });
    };
    let previewed =
        move || matches!(outcome.get(), Some(Outcome::Preview(ref list)) if !list.is_empty());
    view! {
        <PageHeader title=Msg::ClTitle subtitle=Msg::ClSubtitle />
        <div class="stack" data-testid="closing-page">
            <A href="/invoices" attr:class="link-button op-back">{tr(Msg::IvBack)}</A>
            <FlashNotice flash=flash />
            <Panel title=Msg::ClFormTitle subtitle=Msg::ClDateHint>
                <div class="closing-form">
                    <label class="field">
                        <span class="field-label">{tr(Msg::ClDate)}</span>
                        <input
                            class="input"
                            type="date"
                            data-testid="closing-date"
                            prop:value=move || date.get()
                            on:change=move |ev| {
                                date.set(event_target_value(&ev));
                                outcome.set(None);
                            }
                        />
                    </label>
                    <div class="panel-actions">
                        <button class="button" type="button" data-testid="closing-preview"
                            disabled=move || busy.get() on:click=move |_| run(true)>
                            {tr(Msg::ClPreview)}
                        </button>
                        <button class="button button-primary" type="button" data-testid="closing-issue"
                            disabled=move || busy.get() || !previewed() on:click=move |_| run(false)>
                            {tr(Msg::ClIssue)}
                        </button>
                    </div>
                </div>
                <FormError error=problem />
            </Panel>
            {move || outcome.get().map(|outcome| {
                let (invoices, title, subtitle) = match outcome {
                    Outcome::Preview(list) => (list, Msg::ClPreviewTitle, Msg::ClPreviewSubtitle),
                    Outcome::Issued(list) => (list, Msg::ClIssuedTitle, Msg::ClIssuedSubtitle),
                };
                view! {
                    <Panel title=title subtitle=subtitle>
                        <Results invoices=invoices />
                    </Panel>
                }
            })}
            <p class="small muted">{move || i18n.t(Msg::ClRules)}</p>
        </div>
    }
}

/// The invoices of a run with their sum, or what it means that there are none.
#[component]
fn Results(invoices: Vec<Invoice>) -> impl IntoView {
    let i18n = use_i18n();
    if invoices.is_empty() {
        return view! { <ListEmpty icon=IconKind::Check title=Msg::ClNothingTitle body=Msg::ClNothingBody /> }
            .into_any();
    }
    let due = invoices
        .iter()
        .filter_map(|i| i.amount_due.money())
        .try_fold(None::<kura_shared::Money>, |sum, m| match sum {
            None => Some(Some(m)),
            Some(s) => s.checked_add(m).ok().map(Some),
        })
        .flatten()
        .map(|m| m.to_string())
        .unwrap_or_default();
    let count = invoices.len();
    view! {
        <div class="num-5 num-6" data-testid="closing-results">
            <DataTable columns=COLUMNS>
                {invoices.into_iter().map(|invoice| view! { <InvoiceRow invoice=invoice /> }).collect_view()}
            </DataTable>
        </div>
        <p class="closing-sum" data-testid="closing-sum">
            {move || Msg::ClSum.text(i18n.lang()).replace("{n}", &count.to_string())}
            " "
            <strong class="mono">{due.clone()}</strong>
        </p>
    }
    .into_any()
}
