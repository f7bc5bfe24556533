//! The scan field of the screens a keyboard-wedge barcode scanner types into (the
//! register, stock counts, order entry, packing): it takes the focus when it appears and
//! gets it back when a click on the page's background leaves nothing focused, so the next
//! scan never goes nowhere.

use leptos::html::Input;
use leptos::prelude::*;

/// Moves the focus into `field`, if it is on the page, without scrolling: the page stays
/// where the person left it (an order's header stays in view above its packing panel).
pub fn focus_field(field: NodeRef<Input>) {
    if let Some(input) = field.get_untracked() {
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = input.focus_with_options(&options);
    }
}

/// Focuses `field` as soon as it is rendered, and returns its `on:blur` handler: when the
/// focus went nowhere (a click on the background) and no dialog is up, it comes back once
/// the click is done; a move to another control on purpose is left alone.
pub fn keep_focus(field: NodeRef<Input>) -> impl Fn(web_sys::FocusEvent) + Copy + 'static {
    Effect::new(move |_| {
        if field.get().is_some() {
            focus_field(field);
        }
    });
    move |ev: web_sys::FocusEvent| {
        if ev.related_target().is_some() {
            return;
        }
        let _ = set_timeout_with_handle(
            move || {
                let nothing_focused = document()
                    .active_element()
                    .is_none_or(|el| el.tag_name().eq_ignore_ascii_case("body"));
                if nothing_focused && !any_dialog_open() {
                    focus_field(field);
                }
            },
            std::time::Duration::from_millis(0),
        );
    }
}

/// True while any dialog is up: a scan field leaves the focus to it.
fn any_dialog_open() -> bool {
    document()
        .query_selector(".dialog-layer")
        .ok()
        .flatten()
        .is_some()
}
