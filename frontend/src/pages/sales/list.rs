//! `/sales`: every channel's sales and returns, newest first, filtered by location, channel
//! and dates, paged with "load more"; new sales appear at the top as they are recorded.

use leptos::prelude::*;
use leptos_router::components::A;

use super::{SALE_COLUMNS, SaleTableRow};
use crate::api::catalog::locations;
use crate::api::sales::documents::{
    self, SALE_RECORDED_SUBSCRIPTION, SaleFilter, SaleRecordedData,
};
use crate::api::wire::Page;
use crate::api::ws::{ConnectionState, SubscriptionEvent, subscribe};
use crate::components::{
    DataTable, Icon, IconKind, ListEmpty, LiveBadge, PageHeader, PagedList, Panel,
};
use crate::i18n::{Msg, tr};

/// The browser's local midnight of `date` (`YYYY-MM-DD`) as an RFC 3339 instant, `days`
/// later; `None` for an empty or malformed date.
fn local_midnight(date: &str, days: u32) -> Option<String> {
    if date.len() != 10 {
        return None;
    }
    let parsed = js_sys::Date::new(&format!("{date}T00:00:00").into());
    let ms = parsed.get_time();
    if ms.is_nan() {
        return None;
    }
    let later = js_sys::Date::new(&(ms + f64::from(days) * 86_400_000.0).into());
    later.to_iso_string().as_string()
}

/// The sales list.
#[component]
pub fn SalesPage() -> impl IntoView {
    let locations = LocalResource::new(|| locations::locations(true));
    let channels = LocalResource::new(documents::channels);
    let location = RwSignal::new(String::new());
    let channel = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let live = RwSignal::new(ConnectionState::Connecting);

    let filter = move || SaleFilter {
        location_ids: Some(location.get_untracked())
            .filter(|l| !l.is_empty())
            .map(|l| vec![l]),
        channel_ids: Some(channel.get_untracked())
            .filter(|c| !c.is_empty())
            .map(|c| vec![c]),
        customer_id: None,
        from: local_midnight(&from.get_untracked(), 0),
        to: local_midnight(&to.get_untracked(), 1),
    };
    // Each row says whether it arrived live, to highlight it.
    let list = PagedList::new(move |after| {
        let page = documents::sales(filter(), after);
        async move {
            page.await.map(|page| Page {
                items: page.items.into_iter().map(|s| (s, false)).collect(),
                next: page.next,
            })
        }
    });

    // A sale recorded anywhere shows up at the top when it matches the filters (a date
    // range ending in the past never gets new sales).
    let subscription =
        subscribe::<_, SaleRecordedData, _>(SALE_RECORDED_SUBSCRIPTION, (), move |event| {
            let sale = match event {
                SubscriptionEvent::State(s) => {
                    live.try_set(s);
                    return;
                }
                SubscriptionEvent::Data(data) => data.sale_recorded,
                SubscriptionEvent::Error(_) => return,
            };
            let wanted = location
                .try_with_untracked(|l| l.is_empty() || *l == sale.location.id)
                .unwrap_or(false)
                && channel
                    .try_with_untracked(|c| {
                        c.is_empty() || sale.channel.as_ref().is_some_and(|ch| ch.id == *c)
                    })
                    .unwrap_or(false)
                && to.try_with_untracked(String::is_empty).unwrap_or(false);
            if !wanted {
                return;
            }
            let id = sale.id.clone();
            list.prepend((sale, true), |(s, _)| s.id == id);
        });
    on_cleanup(move || drop(subscription));

    let select =
        move |signal: RwSignal<String>, testid: &'static str, all: Msg, options: AnyView| {
            view! {
                <select
                    class="select select-compact"
                    data-testid=testid
                    prop:value=move || signal.get()
                    on:change=move |ev| {
                        signal.set(event_target_value(&ev));
                        list.reload();
                    }
                >
                    <option value="">{tr(all)}</option>
                    {options}
                </select>
            }
        };
    let date = move |signal: RwSignal<String>, testid: &'static str, label: Msg| {
        view! {
            <label class="inline-field">
                <span class="small muted">{tr(label)}</span>
                <input
                    class="input input-compact"
                    type="date"
                    data-testid=testid
                    prop:value=move || signal.get()
                    on:change=move |ev| {
                        signal.set(event_target_value(&ev));
                        list.reload();
                    }
                />
            </label>
        }
    };
    let filters = move || {
        let location_options = locations
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|l| view! { <option value=l.id.clone()>{format!("{} ({})", l.name, l.code)}</option> })
            .collect_view()
            .into_any();
        let channel_options = channels
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|c| view! { <option value=c.id.clone()>{c.name}</option> })
            .collect_view()
            .into_any();
        view! {
            <div class="panel-actions sales-filters">
                <LiveBadge state=live testid="sales-live" />
                <label class="inline-field">
                    <span class="small muted">{tr(Msg::ColumnLocation)}</span>
                    {select(location, "sales-location", Msg::AllLocations, location_options)}
                </label>
                <label class="inline-field">
                    <span class="small muted">{tr(Msg::SlColumnChannel)}</span>
                    {select(channel, "sales-channel", Msg::SlAllChannels, channel_options)}
                </label>
                {date(from, "sales-from", Msg::SlFrom)}
                {date(to, "sales-to", Msg::SlTo)}
            </div>
        }
    };
    let filtered = move || {
        !(location.get_untracked().is_empty()
            && channel.get_untracked().is_empty()
            && from.get_untracked().is_empty()
            && to.get_untracked().is_empty())
    };
    let body = list.view(
        8,
        "sales-more",
        move || {
            if filtered() {
                view! { <ListEmpty icon=IconKind::Sales title=Msg::SlNoMatchTitle body=Msg::SlNoMatchBody /> }.into_any()
            } else {
                view! {
                    <ListEmpty icon=IconKind::Sales title=Msg::SalesEmptyTitle body=Msg::SlEmptyBody>
                        <A href="/sales/register" attr:class="button button-primary">{tr(Msg::SlOpenRegister)}</A>
                    </ListEmpty>
                }
                .into_any()
            }
        },
        |rows| {
            view! {
                <div class="num-8">
                    <DataTable columns=SALE_COLUMNS>
                        <For each=move || rows.clone() key=|(s, _)| s.id.clone() let:row>
                            <SaleTableRow sale=row.0 fresh=row.1 />
                        </For>
                    </DataTable>
                </div>
            }
            .into_any()
        },
    );
    view! {
        <PageHeader title=Msg::SalesTitle subtitle=Msg::SalesSummary />
        <div class="stack" data-testid="sales-page">
            <div class="page-actions">
                <A href="/sales/register" attr:class="button button-primary" attr:data-testid="sales-open-register">
                    <Icon kind=IconKind::Sales />
                    <span>{tr(Msg::SlOpenRegister)}</span>
                </A>
                <A href="/customers" attr:class="button" attr:data-testid="sales-customers">
                    <span>{tr(Msg::NavCustomers)}</span>
                </A>
            </div>
            <Panel title=Msg::SlListTitle subtitle=Msg::SlListSubtitle actions=filters>
                {body}
            </Panel>
        </div>
    }
}
