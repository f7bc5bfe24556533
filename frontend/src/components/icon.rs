//! Inline SVG icons: no icon font or sprite to download, and they inherit `currentColor`.

use leptos::prelude::*;

/// The icons the dashboard uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IconKind {
    /// A storehouse: the Kura mark.
    Logo,
    /// Four tiles.
    Dashboard,
    /// Stacked boxes.
    Stock,
    /// A price tag.
    Products,
    /// A map pin.
    Locations,
    /// Rising bars.
    Sales,
    /// Sliders.
    Settings,
    /// A pulse line.
    Status,
    /// Three lines.
    Menu,
    /// A globe.
    Language,
    /// A circular arrow.
    Retry,
    /// A cloud with a slash.
    Offline,
    /// A right arrow.
    ArrowRight,
    /// A clock face.
    Clock,
    /// A database cylinder.
    Server,
    /// A compass.
    Lost,
    /// A downward chevron.
    ChevronDown,
    /// An arrow leaving a door.
    LogOut,
    /// A tick.
    Check,
    /// A warning triangle.
    Alert,
    /// An open eye.
    Eye,
    /// A crossed-out eye.
    EyeOff,
    /// A building.
    Building,
    /// A cross.
    Close,
    /// Two overlapping sheets.
    Copy,
    /// A key.
    Key,
    /// Two people.
    Users,
    /// A laptop.
    Device,
    /// A list with a clock: the audit log.
    History,
    /// A plus sign.
    Plus,
    /// A bin.
    Trash,
    /// An envelope.
    Mail,
    /// A shield.
    Shield,
    /// A magnifier.
    Search,
    /// A pencil.
    Edit,
    /// A box with a lid.
    Archive,
    /// An arrow turning back.
    Restore,
    /// Three connected points: where sales come from.
    Channels,
    /// A clipboard with lines: an order.
    Orders,
    /// Three columns of cards: the fulfilment board.
    Board,
    /// A delivery truck: shipping.
    Truck,
}

impl IconKind {
    /// Path data on a 24×24 grid, stroked rather than filled.
    fn paths(self) -> &'static [&'static str] {
        match self {
            IconKind::Logo => &[
                "M3 10.5 12 4l9 6.5",
                "M5 9.5V20h14V9.5",
                "M9 20v-5.5h6V20",
                "M8 12h8",
            ],
            IconKind::Channels => &[
                "M6 9.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 1 0 0-5z",
                "M18 3.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 1 0 0-5z",
                "M18 15.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 1 0 0-5z",
                "M8.2 10.9l7.6-3.8",
                "M8.2 13.1l7.6 3.8",
            ],
            IconKind::Dashboard => &[
                "M4 4h7v7H4z",
                "M13 4h7v4h-7z",
                "M13 10h7v10h-7z",
                "M4 13h7v7H4z",
            ],
            IconKind::Stock => &[
                "M3 8.5 12 4l9 4.5-9 4.5z",
                "M3 8.5v7L12 20l9-4.5v-7",
                "M12 13v7",
            ],
            IconKind::Products => &["M3.5 12.5V4h8.5l8.5 8.5-8 8z", "M8 8.5h.01"],
            IconKind::Locations => &[
                "M12 21s-7-6.1-7-11a7 7 0 0 1 14 0c0 4.9-7 11-7 11z",
                "M12 7.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 1 0 0-5z",
            ],
            IconKind::Sales => &["M4 20h16", "M7 16v-4", "M12 16V8", "M17 16V5"],
            IconKind::Settings => &[
                "M4 7h9", "M17 7h3", "M15 5v4", "M4 17h3", "M11 17h9", "M9 15v4",
            ],
            IconKind::Status => &["M3 12h4l3-7 4 14 3-7h4"],
            IconKind::Menu => &["M4 6h16", "M4 12h16", "M4 18h16"],
            IconKind::Language => &[
                "M12 3a9 9 0 1 0 0 18 9 9 0 1 0 0-18z",
                "M3.5 9h17",
                "M3.5 15h17",
                "M12 3c2.4 2.6 3.6 5.6 3.6 9s-1.2 6.4-3.6 9c-2.4-2.6-3.6-5.6-3.6-9s1.2-6.4 3.6-9z",
            ],
            IconKind::Retry => &["M20 12a8 8 0 1 1-2.35-5.65", "M20 4v5h-5"],
            IconKind::Offline => &[
                "M7 18h10a4 4 0 0 0 .9-7.9A6 6 0 0 0 7.3 8.3 5 5 0 0 0 7 18z",
                "M4 4l16 16",
            ],
            IconKind::ArrowRight => &["M5 12h14", "M13 6l6 6-6 6"],
            IconKind::Clock => &["M12 3a9 9 0 1 0 0 18 9 9 0 1 0 0-18z", "M12 7v5l3 2"],
            IconKind::Server => &[
                "M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3z",
                "M4 6v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6",
                "M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3",
            ],
            IconKind::Lost => &[
                "M12 3a9 9 0 1 0 0 18 9 9 0 1 0 0-18z",
                "M15.5 8.5l-2 5-5 2 2-5z",
            ],
            IconKind::ChevronDown => &["M6 9l6 6 6-6"],
            IconKind::LogOut => &[
                "M14 4h4a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-4",
                "M9 8l-4 4 4 4",
                "M5 12h11",
            ],
            IconKind::Check => &["M5 12.5l4.5 4.5L19 7"],
            IconKind::Alert => &[
                "M10.3 4.2 2.6 18a2 2 0 0 0 1.7 3h15.4a2 2 0 0 0 1.7-3L13.7 4.2a2 2 0 0 0-3.4 0z",
                "M12 9v4",
                "M12 17h.01",
            ],
            IconKind::Eye => &[
                "M2.5 12S6 5.5 12 5.5 21.5 12 21.5 12 18 18.5 12 18.5 2.5 12 2.5 12z",
                "M12 9.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 1 0 0-5z",
            ],
            IconKind::EyeOff => &[
                "M4 4l16 16",
                "M10.6 5.6A9.7 9.7 0 0 1 12 5.5c6 0 9.5 6.5 9.5 6.5a17 17 0 0 1-2.9 3.6",
                "M6.6 6.7A16.5 16.5 0 0 0 2.5 12S6 18.5 12 18.5a9 9 0 0 0 4.4-1.1",
                "M9.9 10a2.5 2.5 0 0 0 3.5 3.6",
            ],
            IconKind::Building => &[
                "M4 20V5.5L12 3v17",
                "M12 8h8v12",
                "M2.5 20h19",
                "M7.5 8h1",
                "M7.5 12h1",
                "M7.5 16h1",
                "M15.5 12h1",
                "M15.5 16h1",
            ],
            IconKind::Close => &["M6 6l12 12", "M18 6 6 18"],
            IconKind::Copy => &[
                "M9 9h10a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H9a1 1 0 0 1-1-1V10a1 1 0 0 1 1-1z",
                "M5 15H4a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1h10a1 1 0 0 1 1 1v1",
            ],
            IconKind::Key => &[
                "M8 10.5a4.5 4.5 0 1 0 0 9 4.5 4.5 0 1 0 0-9z",
                "M11.2 11.8 20 3",
                "M16.5 6.5l2.5 2.5",
                "M14 9l2 2",
            ],
            IconKind::Users => &[
                "M9 4a3.5 3.5 0 1 0 0 7 3.5 3.5 0 1 0 0-7z",
                "M2.5 20a6.5 6.5 0 0 1 13 0",
                "M16 4.3a3.5 3.5 0 0 1 0 6.4",
                "M18 14.2a6.5 6.5 0 0 1 3.5 5.8",
            ],
            IconKind::Device => &["M5 5h14a1 1 0 0 1 1 1v9H4V6a1 1 0 0 1 1-1z", "M2 18.5h20"],
            IconKind::History => &[
                "M4 6h9",
                "M4 12h5",
                "M4 18h5",
                "M16.5 11a4.5 4.5 0 1 0 0 9 4.5 4.5 0 1 0 0-9z",
                "M16.5 13.5v2l1.3 1",
            ],
            IconKind::Plus => &["M12 5v14", "M5 12h14"],
            IconKind::Trash => &[
                "M4 7h16",
                "M9 7V4.5h6V7",
                "M6.5 7l1 12.5h9l1-12.5",
                "M10 11v5",
                "M14 11v5",
            ],
            IconKind::Mail => &[
                "M4 5.5h16a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1v-11a1 1 0 0 1 1-1z",
                "M3.5 6.5 12 13l8.5-6.5",
            ],
            IconKind::Shield => &[
                "M12 3 4.5 6v5.5c0 4.5 3.2 8.1 7.5 9.5 4.3-1.4 7.5-5 7.5-9.5V6z",
                "M9 12l2 2 4-4",
            ],
            IconKind::Search => &[
                "M10.5 4a6.5 6.5 0 1 0 0 13 6.5 6.5 0 1 0 0-13z",
                "M15.5 15.5 20 20",
            ],
            IconKind::Edit => &["M4 20h4L19 9l-4-4L4 16z", "M13.5 6.5l4 4"],
            IconKind::Archive => &["M3.5 5h17v4h-17z", "M5 9v10h14V9", "M10 13h4"],
            IconKind::Restore => &["M4 12a8 8 0 1 0 2.5-5.8", "M4 4v4.5h4.5"],
            IconKind::Orders => &[
                "M9 3.5h6v3H9z",
                "M9 5H6.5a1 1 0 0 0-1 1v14a1 1 0 0 0 1 1h11a1 1 0 0 0 1-1V6a1 1 0 0 0-1-1H15",
                "M9 11h6",
                "M9 15h4",
            ],
            IconKind::Board => &["M4 4h4v16H4z", "M10 4h4v11h-4z", "M16 4h4v7h-4z"],
            IconKind::Truck => &[
                "M3 6.5h11V16H3z",
                "M14 9.5h3.5L21 13v3h-7",
                "M7 16a1.75 1.75 0 1 0 0 3.5 1.75 1.75 0 1 0 0-3.5z",
                "M17 16a1.75 1.75 0 1 0 0 3.5 1.75 1.75 0 1 0 0-3.5z",
            ],
        }
    }
}

/// An icon; decorative, so hidden from screen readers (the text next to it carries meaning).
#[component]
pub fn Icon(kind: IconKind) -> impl IntoView {
    view! {
        <svg
            class="icon"
            viewBox="0 0 24 24"
            fill="none"
            stroke="currentColor"
            stroke-width="1.75"
            stroke-linecap="round"
            stroke-linejoin="round"
            aria-hidden="true"
        >
            {kind.paths().iter().map(|d| view! { <path d=*d></path> }).collect_view()}
        </svg>
    }
}
