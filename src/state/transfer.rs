//! The files the page exports: the workspace as a SAM or CloudFormation template (YAML, a
//! README block on top: [`asl::deploy::template_yaml`]) or the definition alone, as JSON or
//! YAML. Importing is [`crate::state::Action::ImportFile`] ([`asl::import`]).

use asl::deploy::{template_yaml, Deployment, TemplateFormat};

use super::Workspace;

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// An AWS SAM template (`template.yaml`).
    Sam,
    /// A CloudFormation template (`template.yaml`).
    CloudFormation,
    /// The definition as JSON.
    DefinitionJson,
    /// The definition as YAML.
    DefinitionYaml,
}

impl ExportKind {
    /// Every kind, in the menu's order.
    pub const ALL: [ExportKind; 4] = [
        Self::Sam,
        Self::CloudFormation,
        Self::DefinitionJson,
        Self::DefinitionYaml,
    ];

    /// The menu value (`sam`, `cloudformation`, `json`, `yaml`).
    pub fn id(self) -> &'static str {
        match self {
            Self::Sam => "sam",
            Self::CloudFormation => "cloudformation",
            Self::DefinitionJson => "json",
            Self::DefinitionYaml => "yaml",
        }
    }

    /// The kind of a menu value.
    pub fn parse(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.id() == id)
    }

    /// The menu's label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Sam => "SAM template (template.yaml)",
            Self::CloudFormation => "CloudFormation template (template.yaml)",
            Self::DefinitionJson => "Definition as JSON",
            Self::DefinitionYaml => "Definition as YAML",
        }
    }
}

/// A file to download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedFile {
    /// Its name.
    pub name: String,
    /// Its media type.
    pub mime: &'static str,
    /// Its text.
    pub text: String,
}

/// The file of `kind` for the workspace, or why there is none (the definition does not
/// parse).
pub fn export_file(workspace: &Workspace, kind: ExportKind) -> Result<ExportedFile, String> {
    let shared = workspace.to_shared();
    let format = match kind {
        ExportKind::Sam => Some(TemplateFormat::Sam),
        ExportKind::CloudFormation => Some(TemplateFormat::CloudFormation),
        _ => None,
    };
    if let Some(format) = format {
        let deployment = Deployment::of_workspace(&shared)?;
        return Ok(ExportedFile {
            name: "template.yaml".into(),
            mime: "application/yaml",
            text: template_yaml(&deployment, format, &workspace.input),
        });
    }
    let definition = asl::definition::document(&workspace.definition)
        .map_err(|d| format!("The definition does not parse: {}", d.message))?;
    let name = &workspace.machine_name;
    Ok(if kind == ExportKind::DefinitionJson {
        ExportedFile {
            name: format!("{name}.asl.json"),
            mime: "application/json",
            text: serde_json::to_string_pretty(&definition).unwrap_or_default() + "\n",
        }
    } else {
        ExportedFile {
            name: format!("{name}.asl.yaml"),
            mime: "application/yaml",
            text: asl::yaml::to_yaml(&definition),
        }
    })
}
