//! `/`: the home page. For now the server card and a map of the areas still to come.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::{Card, Icon, IconKind, PageHeader, ServerInfoView};
use crate::i18n::{Msg, tr};

/// The areas on their way, each linking to its explanatory empty state.
const ROADMAP: &[(&str, IconKind, Msg, Msg)] = &[
    (
        "/stock",
        IconKind::Stock,
        Msg::StockTitle,
        Msg::StockSummary,
    ),
    (
        "/products",
        IconKind::Products,
        Msg::ProductsTitle,
        Msg::ProductsSummary,
    ),
    (
        "/locations",
        IconKind::Locations,
        Msg::LocationsTitle,
        Msg::LocationsSummary,
    ),
    (
        "/sales",
        IconKind::Sales,
        Msg::SalesTitle,
        Msg::SalesSummary,
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
                        .map(|&(href, icon, title, summary)| {
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
                                        <span class="badge">{tr(Msg::ComingSoon)}</span>
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
