//! Function signatures (`<s-n?:s>`): parsing and validating the arguments of a call.
//!
//! PLACEHOLDER (lead, issue 9): `validate` accepts every argument list unchanged until the
//! signature helper replaces this module.

use crate::value::Value;
use crate::Error;

/// A parsed function signature.
#[derive(Debug, Clone)]
pub struct Signature {
    text: String,
}

impl Signature {
    /// Parses a signature, `<` and `>` included.
    pub fn parse(text: &str) -> Result<Signature, Error> {
        Ok(Signature {
            text: text.to_string(),
        })
    }

    /// The signature as written.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Validates (and completes) the arguments of a call to the function `name`: a `-`
    /// parameter missing takes the `context`; arrays are wrapped or unwrapped as the signature
    /// says. Fails with T0410/T0411/T0412 at `position`.
    pub fn validate(
        &self,
        arguments: &[Value],
        context: &Value,
        name: &str,
        position: usize,
    ) -> Result<Vec<Value>, Error> {
        let _ = (context, name, position);
        Ok(arguments.to_vec())
    }

    /// How many parameters the signature declares.
    pub fn parameter_count(&self) -> usize {
        0
    }
}
