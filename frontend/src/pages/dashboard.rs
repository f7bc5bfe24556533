//! `/`: the home page: the server card and a map of the areas, built or still to come.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::{Card, Icon, IconKind, PageHeader, ServerInfoView};
use crate::i18n::{Msg, tr};

/// The areas of the dashboard and whether each is built yet (the others link to an
/// explanatory empty state).
const ROADMAP: &[(&str, IconKind, Msg, Msg, bool)] = &[
    (
        "/stock",
        IconKind::Stock,
        Msg::StockTitle,
        Msg::StockSummary,
        true,
    ),
    (
        "/products",
        IconKind::Products,
        Msg::ProductsTitle,
        Msg::ProductsSummary,
        true,
    ),
    (
        "/locations",
        IconKind::Locations,
        Msg::LocationsTitle,
        Msg::LocationsSummary,
        true,
    ),
    (
        "/sales",
        IconKind::Sales,
        Msg::SalesTitle,
        Msg::SalesSummary,
        false,
    ),
];

/// Overview of the tenant's business; currently the server status and what's coming.
#[component]
pub fn DashboardPage() -> impl IntoView {
    view! {
        <PageHeader title=Msg::DashboardTitle subtitle=Msg::DashboardSubtitle />
        <div class="grid">
            <Card title=Msg::ServerCardTitle icon=IconKind::Server class="span-1">
                <ServerInfoView />
                <A href="/status" attr:class="card-link">
                    <span>{tr(Msg::ViewDetails)}</span>
                    <Icon kind=IconKind::ArrowRight />
                </A>
            </Card>
            <Card title=Msg::RoadmapTitle icon=IconKind::Dashboard class="span-2">
                <p class="muted">{tr(Msg::RoadmapSubtitle)}</p>
                <ul class="roadmap">
                    {ROADMAP
                        .iter()
                        .map(|&(href, icon, title, summary, ready)| {
                            view! {
                                <li>
                                    <A href=href attr:class="roadmap-item">
                                        <span class="roadmap-icon">
                                            <Icon kind=icon />
                                        </span>
                                        <span class="roadmap-text">
                                            <strong>{tr(title)}</strong>
                                            <span class="muted">{tr(summary)}</span>
                                        </span>
                                        {if ready {
                                            view! { <span class="badge badge-ok">{tr(Msg::Available)}</span> }.into_any()
                                        } else {
                                            view! { <span class="badge">{tr(Msg::ComingSoon)}</span> }.into_any()
                                        }}
                                    </A>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </Card>
        </div>
    }
}
