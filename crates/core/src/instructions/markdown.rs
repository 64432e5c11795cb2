//! The small Markdown subset of template bodies, read into the API's [`Block`]s and [`Inline`]s
//! (never HTML):
//!
//! - paragraphs, separated by a blank line; lines of one paragraph are joined with a space;
//! - `- ` bullet lists and `1. ` numbered lists; a line right after an item, that starts no new
//!   item, continues it;
//! - `**bold**` (opened and closed on the same line) and `[link text](https://...)` (https only);
//! - `{placeholder}`s, replaced by plain text that is never read as Markdown;
//! - `{{#if CONDITION}}`, `{{else}}`, `{{/if}}` on lines of their own (they may nest).
//!
//! Raw HTML (`<b>`, `<script>`, `<!-- -->`) is refused in templates. Text that comes from staff or
//! the patient (names, the provider's note) never goes through this module's Markdown reader: it is
//! kept as literal text by [`plain_paragraphs`].

use crate::api::instructions::{Block, BlockKind, Inline};

use super::condition::{Condition, Facts};

/// A template body read into lines and conditional blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    nodes: Vec<Node>,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    /// A line of Markdown, with its 1-based line number in the body.
    Line(usize, String),
    /// `{{#if}}` ... `{{else}}` ... `{{/if}}`.
    If {
        condition: Condition,
        then: Vec<Node>,
        otherwise: Vec<Node>,
    },
}

/// A problem in a template body, on a line of it (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyError {
    /// The line of the body text, counted from 1.
    pub line: usize,
    /// What is wrong and what would work.
    pub message: String,
}

struct Frame {
    line: usize,
    condition: Condition,
    then: Vec<Node>,
    otherwise: Vec<Node>,
    in_else: bool,
}

impl Body {
    /// Reads the `{{#if}}` structure of a body and checks every condition in it.
    pub fn parse(src: &str) -> Result<Body, BodyError> {
        let mut root: Vec<Node> = Vec::new();
        let mut stack: Vec<Frame> = Vec::new();
        for (i, raw) in src.lines().enumerate() {
            let line = i + 1;
            let err = |message: String| BodyError { line, message };
            let trimmed = raw.trim();
            let directive = trimmed
                .strip_prefix("{{")
                .and_then(|d| d.strip_suffix("}}"))
                .map(str::trim);
            match directive {
                Some(d) if d.starts_with("#if") => {
                    let condition = Condition::parse(&d[3..]).map_err(|e| err(format!("in `{trimmed}`: {}", e.0)))?;
                    stack.push(Frame { line, condition, then: Vec::new(), otherwise: Vec::new(), in_else: false });
                }
                Some("else") => match stack.last_mut() {
                    Some(frame) if !frame.in_else => frame.in_else = true,
                    Some(_) => return Err(err("a second `{{else}}` for the same `{{#if}}`; use one `{{else}}` at most".into())),
                    None => return Err(err("`{{else}}` without an `{{#if ...}}` above it".into())),
                },
                Some("/if") => {
                    let frame = stack.pop().ok_or_else(|| err("`{{/if}}` without an `{{#if ...}}` above it".into()))?;
                    let node = Node::If { condition: frame.condition, then: frame.then, otherwise: frame.otherwise };
                    push(&mut stack, &mut root, node);
                }
                Some(other) => {
                    return Err(err(format!(
                        "`{{{{{other}}}}}` is not a directive; use `{{{{#if age_group = child}}}}`, `{{{{else}}}}` and `{{{{/if}}}}`"
                    )))
                }
                None if raw.contains("{{") || raw.contains("}}") => {
                    return Err(err(format!(
                        "`{trimmed}`: `{{{{#if ...}}}}`, `{{{{else}}}}` and `{{{{/if}}}}` go on lines of their own; a placeholder has single braces, like `{{preferred_name}}`"
                    )))
                }
                None => push(&mut stack, &mut root, Node::Line(line, raw.to_string())),
            }
        }
        if let Some(frame) = stack.last() {
            return Err(BodyError {
                line: frame.line,
                message: "this `{{#if ...}}` is never closed; end it with a `{{/if}}` line".into(),
            });
        }
        Ok(Body { nodes: root })
    }

    /// The lines that apply to a patient with these facts.
    pub fn select(&self, facts: &Facts) -> Vec<&str> {
        fn walk<'a>(nodes: &'a [Node], facts: &Facts, out: &mut Vec<&'a str>) {
            for node in nodes {
                match node {
                    Node::Line(_, text) => out.push(text),
                    Node::If {
                        condition,
                        then,
                        otherwise,
                    } => walk(
                        if condition.holds(facts) {
                            then
                        } else {
                            otherwise
                        },
                        facts,
                        out,
                    ),
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.nodes, facts, &mut out);
        out
    }

    /// Every line of every branch, with its line number (for checking placeholders and markup).
    pub fn all_lines(&self) -> Vec<(usize, &str)> {
        fn walk<'a>(nodes: &'a [Node], out: &mut Vec<(usize, &'a str)>) {
            for node in nodes {
                match node {
                    Node::Line(n, text) => out.push((*n, text)),
                    Node::If {
                        then, otherwise, ..
                    } => {
                        walk(then, out);
                        walk(otherwise, out);
                    }
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.nodes, &mut out);
        out
    }
}

fn push(stack: &mut [Frame], root: &mut Vec<Node>, node: Node) {
    match stack.last_mut() {
        Some(frame) if frame.in_else => frame.otherwise.push(node),
        Some(frame) => frame.then.push(node),
        None => root.push(node),
    }
}

/// Reads lines of Markdown (already chosen by their conditions) into blocks.
/// `resolve` gives a placeholder's plain-text value, or `None` when the name is unknown.
pub fn blocks(
    lines: &[&str],
    resolve: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<Block>, String> {
    let mut blocks: Vec<Block> = Vec::new();
    // Whether the last block may still grow (no blank line since).
    let mut open = false;
    for line in lines {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            open = false;
            continue;
        }
        let (kind, text) = match list_marker(trimmed) {
            Some((kind, rest)) => (kind, rest),
            None => (BlockKind::Paragraph, trimmed),
        };
        let runs = inlines(text, resolve)?;
        match blocks.last_mut() {
            // Another item of the same list (a blank line between items does not end a list).
            Some(last) if kind != BlockKind::Paragraph && last.kind == kind => {
                last.items.push(runs)
            }
            // A plain line right after an item continues that item.
            Some(last) if open && kind == BlockKind::Paragraph && last.kind != kind => {
                if let Some(item) = last.items.last_mut() {
                    append(item, vec![plain(" ")]);
                    append(item, runs);
                }
            }
            Some(last) if open && kind == BlockKind::Paragraph && last.kind == kind => {
                append(&mut last.inlines, vec![plain(" ")]);
                append(&mut last.inlines, runs);
            }
            _ if kind == BlockKind::Paragraph => blocks.push(Block {
                kind,
                inlines: runs,
                items: Vec::new(),
            }),
            _ => blocks.push(Block {
                kind,
                inlines: Vec::new(),
                items: vec![runs],
            }),
        }
        open = true;
    }
    Ok(blocks)
}

fn list_marker(line: &str) -> Option<(BlockKind, &str)> {
    if let Some(rest) = line.strip_prefix("- ") {
        return Some((BlockKind::Bullets, rest.trim_start()));
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits <= 3 {
        if let Some(rest) = line[digits..].strip_prefix(". ") {
            return Some((BlockKind::Numbered, rest.trim_start()));
        }
    }
    None
}

fn plain(text: &str) -> Inline {
    Inline {
        text: text.into(),
        bold: false,
        href: None,
    }
}

/// Adds runs, merging neighbours of the same style so the output stays small.
fn append(runs: &mut Vec<Inline>, more: Vec<Inline>) {
    for run in more {
        if run.text.is_empty() {
            continue;
        }
        match runs.last_mut() {
            Some(last) if last.bold == run.bold && last.href.is_none() && run.href.is_none() => {
                last.text.push_str(&run.text)
            }
            _ => runs.push(run),
        }
    }
}

/// Reads one line's inline Markdown: `**bold**`, `[text](https://...)`, `{placeholder}`.
pub fn inlines(src: &str, resolve: &dyn Fn(&str) -> Option<String>) -> Result<Vec<Inline>, String> {
    let mut runs: Vec<Inline> = Vec::new();
    let mut bold = false;
    let mut text = String::new();
    let mut rest = src;
    let flush = |runs: &mut Vec<Inline>, text: &mut String, bold: bool| {
        append(
            runs,
            vec![Inline {
                text: std::mem::take(text),
                bold,
                href: None,
            }],
        );
    };
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("**") {
            flush(&mut runs, &mut text, bold);
            bold = !bold;
            rest = after;
        } else if c == '<'
            && rest[1..]
                .starts_with(|n: char| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?'))
        {
            let tag: String = rest.chars().take_while(|&c| c != '>').take(30).collect();
            return Err(format!(
                "`{tag}>` looks like HTML, which templates cannot use; write **bold** for bold text and [text](https://...) for a link"
            ));
        } else if c == '[' {
            match link(rest) {
                Some((label, href, after)) => {
                    if !href.starts_with("https://")
                        || href.len() <= "https://".len()
                        || href.contains(char::is_whitespace)
                    {
                        return Err(format!(
                            "the link `{href}` is not allowed; links must start with https://, like [our website](https://www.example.org)"
                        ));
                    }
                    flush(&mut runs, &mut text, bold);
                    let label = placeholders(label, resolve)?;
                    if label.trim().is_empty() {
                        return Err(format!("the link to {href} has no text; say where it goes, like [Book a visit]({href})"));
                    }
                    runs.push(Inline {
                        text: label,
                        bold,
                        href: Some(href.to_string()),
                    });
                    rest = after;
                }
                None => {
                    text.push('[');
                    rest = &rest[1..];
                }
            }
        } else if c == '{' {
            match placeholder_name(rest) {
                Some(name) => {
                    let value = resolve(name).ok_or_else(|| unknown_placeholder(name))?;
                    text.push_str(&value);
                    rest = &rest[name.len() + 2..];
                }
                None => {
                    text.push('{');
                    rest = &rest[1..];
                }
            }
        } else {
            text.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    if bold {
        return Err(format!(
            "`**` starts bold text that is never closed in `{}`; close it on the same line, like `**Rest** your ankle.`",
            src.trim()
        ));
    }
    flush(&mut runs, &mut text, bold);
    Ok(runs)
}

/// `[label](href)` at the start of `s`: the label, the address and what follows.
fn link(s: &str) -> Option<(&str, &str, &str)> {
    let close = s.find("](")?;
    let label = &s[1..close];
    if label.contains('[') || label.contains(']') {
        return None;
    }
    let after_paren = &s[close + 2..];
    let end = after_paren.find(')')?;
    Some((label, after_paren[..end].trim(), &after_paren[end + 1..]))
}

/// The name in `{name}` at the start of `s`, when it is one (lowercase letters and `_`).
fn placeholder_name(s: &str) -> Option<&str> {
    let inner = &s[1..];
    let len = inner
        .bytes()
        .take_while(|b| b.is_ascii_lowercase() || *b == b'_' || b.is_ascii_digit())
        .count();
    (len > 0 && inner[len..].starts_with('}')).then(|| &inner[..len])
}

/// Replaces placeholders in link text (which has no other markup).
fn placeholders(s: &str, resolve: &dyn Fn(&str) -> Option<String>) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if let Some(name) = (c == '{').then(|| placeholder_name(rest)).flatten() {
            out.push_str(&resolve(name).ok_or_else(|| unknown_placeholder(name))?);
            rest = &rest[name.len() + 2..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    Ok(out)
}

fn unknown_placeholder(name: &str) -> String {
    let hint = super::closest(name, super::render::PLACEHOLDERS.iter().copied())
        .map(|k| format!("; did you mean `{{{k}}}`?"))
        .unwrap_or_default();
    let all: Vec<String> = super::render::PLACEHOLDERS
        .iter()
        .map(|p| format!("{{{p}}}"))
        .collect();
    format!(
        "`{{{name}}}` is not a placeholder{hint}; use one of {}",
        all.join(", ")
    )
}

/// Text from staff or the patient (like the provider's note) as paragraphs of literal text:
/// `**`, `<b>` and `[..](..)` stay exactly as typed.
pub fn plain_paragraphs(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim).chain(std::iter::once("")) {
        if line.is_empty() {
            if !current.is_empty() {
                blocks.push(Block {
                    kind: BlockKind::Paragraph,
                    inlines: vec![plain(&current.join(" "))],
                    items: Vec::new(),
                });
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(name: &str) -> Option<String> {
        match name {
            "preferred_name" => Some("**Sam** <b>".into()),
            "clinic" => Some("Maple Grove".into()),
            _ => None,
        }
    }

    fn read(src: &str) -> Vec<Block> {
        let lines: Vec<&str> = src.lines().collect();
        blocks(&lines, &resolve).expect("reads")
    }

    fn bold(text: &str) -> Inline {
        Inline {
            text: text.into(),
            bold: true,
            href: None,
        }
    }

    #[test]
    fn paragraphs_are_split_by_blank_lines_and_joined_within() {
        let b = read("Rest your ankle.\nKeep it up.\n\nUse ice.");
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].inlines, vec![plain("Rest your ankle. Keep it up.")]);
        assert_eq!(b[1].inlines, vec![plain("Use ice.")]);
    }

    #[test]
    fn bullets_and_numbered_lists_become_items() {
        let b = read("Do this:\n- Rest.\n- Use ice\n  for 20 minutes.\n\n1. First\n2. Second");
        assert_eq!(
            b.iter().map(|b| b.kind.as_str()).collect::<Vec<_>>(),
            ["paragraph", "bullets", "numbered"]
        );
        assert_eq!(
            b[1].items,
            vec![vec![plain("Rest.")], vec![plain("Use ice for 20 minutes.")]]
        );
        assert_eq!(b[2].items.len(), 2);
    }

    #[test]
    fn bold_and_https_links_are_runs() {
        let b = read("**Rest** and call [the clinic](https://example.org/call).");
        assert_eq!(
            b[0].inlines,
            vec![
                bold("Rest"),
                plain(" and call "),
                Inline {
                    text: "the clinic".into(),
                    bold: false,
                    href: Some("https://example.org/call".into())
                },
                plain("."),
            ]
        );
    }

    #[test]
    fn links_must_be_https() {
        for bad in [
            "[x](http://example.org)",
            "[x](javascript:alert(1))",
            "[x](https://)",
            "[](https://example.org)",
        ] {
            let e = inlines(bad, &resolve).unwrap_err();
            assert!(
                e.contains("https://") || e.contains("no text"),
                "{bad}: {e}"
            );
        }
    }

    #[test]
    fn raw_html_is_refused_in_templates() {
        for bad in [
            "<b>Rest</b>",
            "Hi <script>alert(1)</script>",
            "<!-- note -->",
            "a </p> b",
        ] {
            let e = inlines(bad, &resolve).unwrap_err();
            assert!(e.contains("looks like HTML"), "{bad}: {e}");
        }
        // A lone "<" in plain words is fine.
        assert_eq!(
            inlines("age < 6 and 3 > 2", &resolve).unwrap(),
            vec![plain("age < 6 and 3 > 2")]
        );
    }

    #[test]
    fn placeholder_values_stay_plain_text() {
        let runs = inlines("Hello **{preferred_name}**, from {clinic}.", &resolve).unwrap();
        assert_eq!(
            runs,
            vec![
                plain("Hello "),
                bold("**Sam** <b>"),
                plain(", from Maple Grove.")
            ]
        );
    }

    #[test]
    fn unknown_placeholders_suggest_the_right_name() {
        let e = inlines("Hi {prefered_name}", &resolve).unwrap_err();
        assert!(
            e.contains("`{prefered_name}` is not a placeholder; did you mean `{preferred_name}`?"),
            "{e}"
        );
        assert!(e.contains("{clinic_phone}"), "{e}");
        // Braces that are not a placeholder name are literal.
        assert_eq!(
            inlines("a { b } {C}", &resolve).unwrap(),
            vec![plain("a { b } {C}")]
        );
    }

    #[test]
    fn unclosed_bold_is_an_error() {
        assert!(inlines("**Rest your ankle.", &resolve)
            .unwrap_err()
            .contains("never closed"));
    }

    #[test]
    fn conditional_blocks_nest_and_choose_lines() {
        let body = Body::parse(
            "All.\n{{#if age_group = child}}\nChild.\n{{#if language = es}}\nChild es.\n{{else}}\nChild en.\n{{/if}}\n{{else}}\nGrown-up.\n{{/if}}",
        )
        .unwrap();
        let facts = |age, language: &str| Facts {
            age,
            language: crate::Language::from_tag(language),
            ..Facts::default()
        };
        assert_eq!(
            body.select(&facts(4, "en")),
            ["All.", "Child.", "Child en."]
        );
        assert_eq!(
            body.select(&facts(4, "es")),
            ["All.", "Child.", "Child es."]
        );
        assert_eq!(body.select(&facts(40, "es")), ["All.", "Grown-up."]);
        assert_eq!(body.all_lines().len(), 5);
    }

    #[test]
    fn directive_mistakes_name_the_line() {
        let err = |s: &str| Body::parse(s).unwrap_err();
        let e = err("One.\n{{#if age_group = kid}}\nTwo.\n{{/if}}");
        assert_eq!(e.line, 2);
        assert!(
            e.message.contains("`kid` is not an age group"),
            "{}",
            e.message
        );
        let e = err("{{#if age < 6}}\nTwo.");
        assert_eq!(e.line, 1);
        assert!(e.message.contains("never closed"));
        assert_eq!(err("A\n{{/if}}").line, 2);
        assert!(err("{{else}}").message.contains("without"));
        assert!(err("{{#each x}}").message.contains("not a directive"));
        assert!(err("Hi {{preferred_name}}")
            .message
            .contains("single braces"));
        assert!(err("{{#if age < 6}}\n{{else}}\n{{else}}\n{{/if}}")
            .message
            .contains("second"));
    }

    #[test]
    fn staff_text_is_kept_literal() {
        let b = plain_paragraphs("Use **ice**. <b>Hi</b> [x](http://a)\n\n  \nSecond.");
        assert_eq!(b.len(), 2);
        assert_eq!(
            b[0].inlines,
            vec![plain("Use **ice**. <b>Hi</b> [x](http://a)")]
        );
    }
}
