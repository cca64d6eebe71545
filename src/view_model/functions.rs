//! What the definition asks of the Lambda functions panel and the Map iterations panel.

use asl::Definition;

use crate::state::Function;

/// The functions the definition calls that the workspace does not have, in the order the
/// definition first calls them, then the mocks of other services it calls (by resource ARN).
pub fn missing_functions(definition: Option<&Definition>, functions: &[Function]) -> Vec<String> {
    let called = definition
        .map(|d| {
            let mut names = d.called_functions();
            names.extend(d.mocked_resources());
            names
        })
        .unwrap_or_default();
    called
        .into_iter()
        .filter(|n| !functions.iter().any(|f| &f.name == n))
        .collect()
}

/// Whether the definition has a Map state (the Map iterations panel shows).
pub fn has_map_states(definition: Option<&Definition>) -> bool {
    definition.is_some_and(|d| !d.map_states().is_empty())
}
