//! `/settings/sessions`: the browsers and devices signed in as the viewer, to end one (a lost
//! phone) or all of them.

use leptos::prelude::*;

use super::{DateText, Flash, FlashNotice, Panel, RelativeText, RowAction, resource_list};
use crate::api::accounts::sessions::{self, DeviceSession, log_out_everywhere, revoke_session};
use crate::api::session::use_session;
use crate::components::{ConfirmDialog, Icon, IconKind, ListEmpty, Pending};
use crate::i18n::{Lang, Msg, error_message, tr, use_i18n};

/// Browser and operating system named by a user agent, when recognisable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Device {
    browser: Option<&'static str>,
    os: Option<&'static str>,
}

/// Reads the browser and OS out of a user agent. Order matters: Edge and Opera also claim
/// Chrome, Chrome claims Safari, iPads claim macOS and Android claims Linux.
fn parse_user_agent(ua: &str) -> Device {
    const BROWSERS: &[(&str, &str)] = &[
        ("Edg", "Edge"),
        ("OPR/", "Opera"),
        ("SamsungBrowser/", "Samsung Internet"),
        ("Firefox/", "Firefox"),
        ("FxiOS/", "Firefox"),
        ("CriOS/", "Chrome"),
        ("HeadlessChrome/", "Headless Chrome"),
        ("Chrome/", "Chrome"),
        ("Chromium/", "Chromium"),
        ("Version/", "Safari"),
        ("curl/", "curl"),
    ];
    const SYSTEMS: &[(&str, &str)] = &[
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Android", "Android"),
        ("CrOS", "ChromeOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("Macintosh", "macOS"),
        ("Linux", "Linux"),
    ];
    let find = |table: &[(&str, &'static str)]| {
        table
            .iter()
            .find(|(token, _)| ua.contains(token))
            .map(|(_, name)| *name)
    };
    Device {
        // "Version/" alone is Safari only when it says so.
        browser: find(BROWSERS).filter(|b| *b != "Safari" || ua.contains("Safari/")),
        os: find(SYSTEMS),
    }
}

/// "Chrome on Linux" / "Linux の Chrome"; `None` when nothing is recognisable.
fn device_summary(ua: Option<&str>, lang: Lang) -> Option<String> {
    let device = parse_user_agent(ua?);
    Some(match (device.browser, device.os, lang) {
        (Some(b), Some(os), Lang::En) => format!("{b} on {os}"),
        (Some(b), Some(os), Lang::Ja) => format!("{os} の {b}"),
        (Some(one), None, _) | (None, Some(one), _) => one.to_owned(),
        (None, None, _) => return None,
    })
}

/// The viewer's sessions and the ways to end them.
#[component]
pub fn SessionsPage() -> impl IntoView {
    let session = use_session();
    let sessions = LocalResource::new(sessions::my_sessions);
    let flash = RwSignal::new(None::<Flash>);
    let revoking = Pending::<DeviceSession>::new();
    let everywhere = Pending::<()>::new();
    let on_revoke = move |target: DeviceSession| {
        revoking.run(
            target,
            |s| revoke_session(s.id),
            error_message,
            move || {
                sessions.refetch();
                flash.set(Some(Flash {
                    ok: true,
                    msg: Msg::SessionRevoked,
                    subject: None,
                }));
            },
        );
    };
    let on_everywhere = move |()| {
        // This session ends too: forget it here, and the sign-in page follows.
        everywhere.run(
            (),
            |()| log_out_everywhere(),
            error_message,
            move || {
                session.forget();
            },
        );
    };
    let list = resource_list(
        sessions,
        3,
        || {
            view! {
                <ListEmpty icon=IconKind::Device title=Msg::SessionsEmptyTitle body=Msg::SessionsEmptyBody />
            }
            .into_any()
        },
        move |list| {
            let rows = list
                .into_iter()
                .map(|s| view! { <SessionRow session=s on_revoke=move |s| revoking.ask(s) /> })
                .collect_view();
            view! { <ul class="session-list">{rows}</ul> }.into_any()
        },
    );
    view! {
        <div class="settings-page" data-testid="sessions-page">
            <FlashNotice flash=flash />
            <Panel
                title=Msg::SessionsTitle
                subtitle=Msg::SessionsSubtitle
                actions=move || {
                    view! {
                        <button
                            class="button button-danger-ghost"
                            type="button"
                            data-testid="logout-everywhere"
                            on:click=move |_| everywhere.ask(())
                        >
                            <Icon kind=IconKind::LogOut />
                            <span>{tr(Msg::LogOutEverywhere)}</span>
                        </button>
                    }
                }
            >
                {list}
            </Panel>
            <ConfirmDialog
                pending=revoking
                title=Msg::RevokeSessionTitle
                body=Msg::RevokeSessionBody
                confirm_label=Msg::RevokeSession
                describe=|s: &DeviceSession, lang| {
                    device_summary(s.user_agent.as_deref(), lang).unwrap_or_default()
                }
                on_confirm=on_revoke
            />
            <ConfirmDialog
                pending=everywhere
                title=Msg::LogOutEverywhereTitle
                body=Msg::LogOutEverywhereBody
                confirm_label=Msg::LogOutEverywhere
                describe=|(), _| String::new()
                on_confirm=on_everywhere
            />
        </div>
    }
}

#[component]
fn SessionRow(
    session: DeviceSession,
    #[prop(into)] on_revoke: Callback<DeviceSession>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ua = session.user_agent.clone();
    let summary = move || {
        device_summary(ua.as_deref(), i18n.lang())
            .unwrap_or_else(|| i18n.t(Msg::UnknownDevice).to_owned())
    };
    let target = session.clone();
    let action = if session.current {
        view! { <span class="badge badge-ok" data-testid="session-current">{tr(Msg::ThisDevice)}</span> }
            .into_any()
    } else {
        view! {
            <RowAction
                label=Msg::RevokeSession
                testid="session-revoke"
                on_click=move |()| on_revoke.run(target.clone())
            />
        }
        .into_any()
    };
    view! {
        <li class="session-row" class:session-current=session.current data-testid="session-row">
            <span class="session-icon">
                <Icon kind=IconKind::Device />
            </span>
            <div class="session-text">
                <strong title=session.user_agent.clone().unwrap_or_default()>{summary}</strong>
                <span class="muted small">
                    {tr(Msg::SignedInOn)}
                    " "
                    <DateText at=session.created_at.clone() />
                    " · "
                    {tr(Msg::LastActive)}
                    " "
                    <RelativeText at=session.last_used_at.clone() />
                </span>
            </div>
            {action}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHROME_LINUX: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
    const SAFARI_IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    const EDGE_WINDOWS: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87";
    const FIREFOX_MAC: &str =
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0";
    const CHROME_ANDROID: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36";

    #[test]
    fn common_browsers_are_named_with_their_system() {
        let en = |ua| device_summary(Some(ua), Lang::En);
        assert_eq!(en(CHROME_LINUX).as_deref(), Some("Chrome on Linux"));
        assert_eq!(en(SAFARI_IPHONE).as_deref(), Some("Safari on iOS"));
        assert_eq!(en(EDGE_WINDOWS).as_deref(), Some("Edge on Windows"));
        assert_eq!(en(FIREFOX_MAC).as_deref(), Some("Firefox on macOS"));
        assert_eq!(en(CHROME_ANDROID).as_deref(), Some("Chrome on Android"));
        assert_eq!(
            device_summary(Some(CHROME_LINUX), Lang::Ja).as_deref(),
            Some("Linux の Chrome")
        );
    }

    #[test]
    fn unrecognisable_agents_say_as_much_as_they_can() {
        assert_eq!(
            device_summary(Some("curl/8.5.0"), Lang::En).as_deref(),
            Some("curl")
        );
        assert_eq!(device_summary(Some("kura-sync/1.0"), Lang::En), None);
        assert_eq!(device_summary(None, Lang::Ja), None);
    }
}
