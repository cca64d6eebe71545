//! Date/time pictures (`[Y0001]-[M01]-[D01]`): literals and variable markers, analysed as
//! jsonata-js analyses them (XPath F&O 3.1 §9.8.4).

use crate::functions::picture::{is_js_space, js_parse_int, Case, Failure, IntegerFormat};

/// A piece of a date/time picture.
#[derive(Debug, Clone)]
pub(crate) enum Part {
    /// Text written as it is.
    Literal(String),
    /// A `[…]` marker.
    Marker(Marker),
}

/// A variable marker: component, presentation modifiers and width.
#[derive(Debug, Clone)]
pub(crate) struct Marker {
    /// The component letter (`Y`, `M`, `D`, …).
    pub component: char,
    /// The width modifier (`,min-max`).
    pub width: Option<Width>,
    /// The second presentation modifier (`a`, `t`, `c`, `o`).
    pub presentation2: Option<char>,
    /// Names (`N`, `n`, `Nn`) instead of numbers.
    pub names: Option<Case>,
    /// How the number is written, for numeric components and the timezone.
    pub integer: Option<IntegerFormat>,
    /// For `Y`, `M`, `D`: the digits kept and matched (`None` for jsonata-js's -1: any).
    pub digits: Option<f64>,
}

/// A width modifier: `None` for `*` or absent; a number as JavaScript's `parseInt` reads it
/// (perhaps `NaN`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Width {
    /// The minimum width.
    pub min: Option<f64>,
    /// The maximum width.
    pub max: Option<f64>,
}

/// The default first presentation modifier of each component.
fn default_presentation(component: char) -> Option<&'static str> {
    Some(match component {
        'Y' | 'M' | 'D' | 'd' | 'W' | 'w' | 'X' | 'x' | 'H' | 'h' | 'f' => "1",
        'F' | 'P' | 'C' | 'E' => "n",
        'm' | 's' => "01",
        'Z' | 'z' => "01:01",
        _ => return None,
    })
}

/// Splits a picture into literals and markers; D3135 for a `[` without `]`, D3132 for an
/// unknown component without a presentation modifier.
pub(crate) fn analyse(picture: &str) -> Result<Vec<Part>, Failure> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut rest = picture;
    while let Some(open) = rest.find('[') {
        literal.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        if let Some(stripped) = after.strip_prefix('[') {
            push_literal(&mut parts, &mut literal);
            parts.push(Part::Literal("[".to_string()));
            rest = stripped;
            continue;
        }
        push_literal(&mut parts, &mut literal);
        let close = after.find(']').ok_or_else(|| Failure::new("D3135", ""))?;
        parts.push(Part::Marker(marker(&after[..close])?));
        rest = &after[close + 1..];
    }
    literal.push_str(rest);
    push_literal(&mut parts, &mut literal);
    Ok(parts)
}

/// Ends a literal (`]]` is one `]`).
fn push_literal(parts: &mut Vec<Part>, literal: &mut String) {
    if !literal.is_empty() {
        parts.push(Part::Literal(literal.replace("]]", "]")));
        literal.clear();
    }
}

/// Analyses the text between `[` and `]` (whitespace in it is ignored).
fn marker(text: &str) -> Result<Marker, Failure> {
    let chars: Vec<char> = text.chars().filter(|c| !is_js_space(*c)).collect();
    let component = chars.first().copied();
    let (presentation, width) = match chars.iter().rposition(|c| *c == ',') {
        Some(comma) => {
            let width: String = chars[comma + 1..].iter().collect();
            let (min, max) = match width.find('-') {
                Some(dash) => (&width[..dash], Some(&width[dash + 1..])),
                None => (width.as_str(), None),
            };
            let width = Width {
                min: parse_width(Some(min)),
                max: parse_width(max),
            };
            // JavaScript's substring(1, 0) is substring(0, 1)
            let presentation = if comma == 0 {
                &chars[..1]
            } else {
                &chars[1..comma]
            };
            (presentation.to_vec(), Some(width))
        }
        None => (chars.get(1..).unwrap_or_default().to_vec(), None),
    };
    let unknown = || Failure::new("D3132", component.map(String::from).unwrap_or_default());
    let (presentation1, presentation2): (String, Option<char>) = match presentation.as_slice() {
        [] => {
            let default = component
                .and_then(default_presentation)
                .ok_or_else(unknown)?;
            (default.to_string(), None)
        }
        [one] => (one.to_string(), None),
        [init @ .., last] if "atco".contains(*last) => (init.iter().collect(), Some(*last)),
        all => (all.iter().collect(), None),
    };
    let component = component.ok_or_else(unknown)?;
    let mut marker = Marker {
        component,
        width,
        presentation2,
        names: None,
        integer: None,
        digits: None,
    };
    let mut p1 = presentation1.chars();
    match (p1.next(), p1.next()) {
        (Some('n'), _) => marker.names = Some(Case::Lower),
        (Some('N'), Some('n')) => marker.names = Some(Case::Title),
        (Some('N'), _) => marker.names = Some(Case::Upper),
        _ if "YMDdFWwXxHhmsf".contains(component) => {
            marker.integer = Some(numeric_format(&mut marker, &presentation1)?);
        }
        _ => {}
    }
    if component == 'Z' || component == 'z' {
        marker.integer = Some(IntegerFormat::parse(&presentation1)?);
    }
    Ok(marker)
}

/// The integer format of a numeric component, its width applied (§9.8.4.4 for `Y`, `M`,
/// `D`: the digits kept are the maximum width, else the pattern's digits if two or more).
fn numeric_format(marker: &mut Marker, presentation1: &str) -> Result<IntegerFormat, Failure> {
    let mut pattern = presentation1.to_string();
    if let Some(p2) = marker.presentation2 {
        pattern.push(';');
        pattern.push(p2);
    }
    let mut format = IntegerFormat::parse(&pattern)?;
    let width = marker.width.unwrap_or(Width {
        min: None,
        max: None,
    });
    if let (Some(min), Some(mandatory)) = (width.min, format.mandatory_digits) {
        if mandatory < min {
            format.mandatory_digits = Some(min);
        }
    }
    if "YMD".contains(marker.component) {
        if let Some(max) = width.max {
            marker.digits = Some(max);
            format.mandatory_digits = Some(max);
        } else if let Some(mandatory) = format.mandatory_digits {
            let all = mandatory + format.optional_digits as f64;
            if all >= 2.0 {
                marker.digits = Some(all);
            }
        }
    }
    Ok(format)
}

/// A width: `*` (or none) is no limit.
fn parse_width(width: Option<&str>) -> Option<f64> {
    match width {
        None | Some("*") => None,
        Some(w) => Some(js_parse_int(w)),
    }
}
