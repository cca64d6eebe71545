//! `asl::import::import` on arbitrary text: a definition, a SAM or CloudFormation template
//! (YAML short tags included), an execution history, or neither. It must answer or say what
//! is wrong with a position inside the text, never panic; an imported workspace must export
//! again, and an imported history must give a tree.
#![no_main]
#![forbid(unsafe_code)]

use asl::import::{import, Imported, Place};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let place = Place {
        account: "123456789012".into(),
        region: "us-east-1".into(),
    };
    match import(text, &place) {
        Ok(Imported::Definition(d)) => assert_eq!(d, text),
        Ok(Imported::Workspace { workspace, .. }) => {
            if let Ok(d) = asl::deploy::Deployment::of_workspace(&workspace) {
                let _ = asl::deploy::template_yaml(&d, asl::deploy::TemplateFormat::Sam, "{}");
            }
        }
        Ok(Imported::History { events, .. }) => {
            let _ = asl::execution_tree(&events);
        }
        Err(e) => {
            if let Some((line, column)) = e.position {
                // YAML counts a lone CR as a line break too.
                let lines = text.matches(['\n', '\r']).count() + 1;
                assert!(line >= 1 && line <= lines, "line {line} of {lines}: {e}");
                assert!(column >= 1 || line == 0, "{e}");
            }
            let _ = e.to_string();
        }
    }
});
