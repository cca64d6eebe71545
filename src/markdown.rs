//! Markdown (an exercise's instructions, a course's description) as Yew nodes, safely: the
//! text becomes DOM nodes, never HTML markup, so raw HTML in the Markdown shows as text and
//! nothing it holds runs; links keep only `http(s):`, `mailto:` and relative targets and
//! open in a new tab.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag};
use yew::prelude::*;
use yew::virtual_dom::{VTag, VText};

/// The Markdown as nodes (CommonMark with tables and strikethrough).
pub fn render(markdown: &str) -> Html {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    // Elements being built, innermost last; the first is the root list.
    let mut stack: Vec<VTag> = vec![VTag::new("div")];
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(tag) => stack.push(open(tag)),
            // Every end closes the element its start opened (the parser nests them).
            Event::End(_) => {
                if stack.len() > 1 {
                    let done = stack.pop().unwrap_or_else(|| VTag::new("span"));
                    push(&mut stack, done.into());
                }
            }
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                push(&mut stack, VText::new(t.to_string()).into());
            }
            Event::Code(t) => {
                let mut code = VTag::new("code");
                code.add_child(VText::new(t.to_string()).into());
                push(&mut stack, code.into());
            }
            Event::SoftBreak => push(&mut stack, VText::new(" ").into()),
            Event::HardBreak => push(&mut stack, VTag::new("br").into()),
            Event::Rule => push(&mut stack, VTag::new("hr").into()),
            Event::TaskListMarker(done) => push(
                &mut stack,
                VText::new(if done { "☑ " } else { "☐ " }).into(),
            ),
            Event::FootnoteReference(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                push(&mut stack, VText::new(t.to_string()).into());
            }
        }
    }
    // Unclosed elements (cannot happen with pulldown-cmark) are closed in order.
    while stack.len() > 1 {
        let done = stack.pop().unwrap_or_else(|| VTag::new("span"));
        push(&mut stack, done.into());
    }
    let mut root = stack.pop().unwrap_or_else(|| VTag::new("div"));
    root.add_attribute("class", "markdown");
    root.into()
}

fn push(stack: &mut [VTag], node: Html) {
    if let Some(top) = stack.last_mut() {
        top.add_child(node);
    }
}

/// The element a Markdown tag opens.
fn open(tag: Tag<'_>) -> VTag {
    match tag {
        Tag::Paragraph => VTag::new("p"),
        Tag::Heading { level, .. } => VTag::new(match level {
            // Headings inside a panel start below the panel's own title.
            HeadingLevel::H1 | HeadingLevel::H2 => "h4",
            HeadingLevel::H3 => "h5",
            _ => "h6",
        }),
        Tag::BlockQuote(_) => VTag::new("blockquote"),
        Tag::CodeBlock(kind) => {
            let mut pre = VTag::new("pre");
            if let CodeBlockKind::Fenced(lang) = kind {
                if !lang.is_empty() {
                    pre.add_attribute("data-lang", lang.to_string());
                }
            }
            pre
        }
        Tag::List(Some(start)) => {
            let mut ol = VTag::new("ol");
            if start != 1 {
                ol.add_attribute("start", start.to_string());
            }
            ol
        }
        Tag::List(None) => VTag::new("ul"),
        Tag::Item => VTag::new("li"),
        Tag::Emphasis => VTag::new("em"),
        Tag::Strong => VTag::new("strong"),
        Tag::Strikethrough => VTag::new("s"),
        Tag::Link { dest_url, .. } => {
            let mut a = VTag::new("a");
            if is_safe_link(&dest_url) {
                a.add_attribute("href", dest_url.to_string());
                a.add_attribute("target", "_blank");
                a.add_attribute("rel", "noopener noreferrer");
            }
            a
        }
        // Images are shown as their alt text: a course must work offline, and an image
        // from elsewhere would be a request the page does not make.
        Tag::Image { .. } => VTag::new("span"),
        Tag::Table(_) => VTag::new("table"),
        Tag::TableHead => VTag::new("thead"),
        Tag::TableRow => VTag::new("tr"),
        Tag::TableCell => VTag::new("td"),
        _ => VTag::new("span"),
    }
}

/// Whether a link target is one the page may follow: `http:`, `https:`, `mailto:`, or a
/// relative URL (no scheme: `javascript:` and `data:` are refused).
pub fn is_safe_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    match lower.find(':') {
        None => true,
        Some(colon) => {
            // A colon after a path, query or fragment starts no scheme.
            if lower[..colon].contains(['/', '?', '#']) {
                return true;
            }
            matches!(&lower[..colon], "http" | "https" | "mailto")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_safe_link;

    #[test]
    fn only_harmless_links_are_followed() {
        assert!(is_safe_link("https://docs.aws.amazon.com/step-functions/"));
        assert!(is_safe_link("02-result-path.yaml"));
        assert!(is_safe_link("/a/b?c=d:e"));
        assert!(is_safe_link("#part"));
        assert!(!is_safe_link("javascript:alert(1)"));
        assert!(!is_safe_link(" JavaScript:alert(1)"));
        assert!(!is_safe_link("data:text/html,<script>"));
        assert!(!is_safe_link("vbscript:x"));
    }
}
