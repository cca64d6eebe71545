//! [`use_display_prefs`]: the display preferences on the page and in local storage.

use yew::prelude::*;

use crate::bindings::{browser, storage};
use crate::state::Prefs;

/// Puts `prefs` on the root element (the style sheet reads `data-theme` and `data-font`)
/// and saves them, whenever they change.
#[hook]
pub fn use_display_prefs(prefs: Prefs) {
    use_effect_with(prefs, |prefs| {
        browser::set_root_attribute("data-theme", prefs.dark.then_some("dark"));
        browser::set_root_attribute("data-font", prefs.large_font.then_some("large"));
        storage::save_prefs(*prefs);
    });
}
