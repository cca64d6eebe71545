//! `aslplay export`: a definition and its handlers as an AWS SAM or CloudFormation template
//! on stdout ([`asl::deploy`]), with the execution role "create a role for me" would make
//! (allowed to invoke exactly the functions the definition calls).

use std::time::Duration;

use asl::deploy::{template, DeployFunction, Deployment, TemplateFormat};
use asl::MachineType;

use crate::run::{config_for, first_lambda_arn, load_handlers};
use crate::{output, read_file, Failure};

/// `aslplay export`'s options.
#[derive(Debug)]
pub struct ExportOptions {
    /// `--format`.
    pub format: TemplateFormat,
    /// `--definition`.
    pub definition: String,
    /// `--handlers`.
    pub handlers: Option<String>,
    /// `--name`: the state machine's name.
    pub name: String,
    /// `--type`.
    pub machine_type: MachineType,
    /// `--function-timeout`.
    pub function_timeout: Duration,
    /// `--yaml`: YAML with the README block ([`asl::deploy::template_yaml`]).
    pub yaml: bool,
    /// `--input`: the execution input the README block shows (with `--yaml`).
    pub input: Option<String>,
}

/// Prints the template; exit 0, or 1 when the definition does not load (its diagnostics on
/// stderr).
pub fn export(opts: &ExportOptions) -> Result<i32, Failure> {
    asl::check_name("state machine name", &opts.name)
        .map_err(|d| Failure::new(format!("--name {:?}: {}", opts.name, d.message)))?;
    let text = read_file(&opts.definition)?;
    let loaded = match asl::load(&text) {
        Ok(d) => d,
        Err(diagnostics) => {
            for d in &diagnostics {
                eprintln!(
                    "{}:{}:{}: {} {}",
                    opts.definition, d.line, d.column, d.code, d.message
                );
            }
            return Ok(1);
        }
    };
    // JSON or YAML, as written (it loaded, so it parses).
    let definition = asl::definition::document(&text)
        .map_err(|d| Failure::new(format!("{}: {}", opts.definition, d.message)))?;
    let handlers = load_handlers(opts.handlers.as_deref())?;
    let config = config_for(first_lambda_arn(&definition), &handlers, "export");
    let timeout_s = u32::try_from(opts.function_timeout.as_secs().max(1)).unwrap_or(900);
    let functions: Vec<DeployFunction> = handlers
        .lambda_functions()
        .into_iter()
        .map(|(name, code)| DeployFunction {
            name,
            code,
            timeout_s,
        })
        .collect();
    let called: Vec<String> = loaded
        .called_functions()
        .iter()
        .map(|name| asl::arn::function("aws", &config.region, &config.account, name))
        .collect();
    let policy = serde_json::from_str(&asl::iam::invoke_policy(&called)).ok();
    let deployment = Deployment {
        machine_name: opts.name.clone(),
        machine_type: opts.machine_type,
        definition,
        functions,
        policy,
        account: config.account,
        region: config.region,
    };
    if opts.yaml {
        let input = match &opts.input {
            Some(path) => read_file(path)?,
            None => "{}".into(),
        };
        output::emit(asl::deploy::template_yaml(&deployment, opts.format, &input));
        return Ok(0);
    }
    let t = template(&deployment, opts.format);
    output::emit(serde_json::to_string_pretty(&t).unwrap_or_default());
    Ok(0)
}
