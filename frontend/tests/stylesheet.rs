//! The stylesheet is whole: every block it opens is closed, and no top-level selector is
//! styled twice. A lost `}` (an easy slip when two branches append to the file) silently
//! swallows every rule after it, and two screens picking the same class name restyle each
//! other.

use std::collections::HashMap;

/// The top-level rules as (selector, line), comments removed; panics on unbalanced braces.
fn top_level_rules(css: &str) -> Vec<(String, usize)> {
    let mut rules = Vec::new();
    let (mut depth, mut line, mut rest) = (0usize, 1usize, css);
    let mut selector = String::new();
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("/*") {
            let end = after.find("*/").expect("an unclosed comment");
            line += after[..end].matches('\n').count();
            rest = &after[end + 2..];
            continue;
        }
        match c {
            '{' => {
                if depth == 0 {
                    rules.push((selector.trim().to_owned(), line));
                }
                depth += 1;
            }
            '}' => {
                depth = depth
                    .checked_sub(1)
                    .unwrap_or_else(|| panic!("a `}}` without its `{{` on line {line}"));
                selector.clear();
            }
            ';' if depth == 0 => selector.clear(),
            _ if depth == 0 => selector.push(c),
            _ => {}
        }
        if c == '\n' {
            line += 1;
        }
        rest = &rest[c.len_utf8()..];
    }
    assert_eq!(depth, 0, "{depth} block(s) left open at the end");
    rules
}

#[test]
fn every_block_is_closed_and_every_selector_styled_in_one_place() {
    let rules = top_level_rules(include_str!("../style/main.css"));
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (selector, line) in &rules {
        if selector.starts_with('@') {
            continue;
        }
        if let Some(first) = seen.insert(selector, *line) {
            panic!("`{selector}` is styled on line {first} and again on line {line}");
        }
    }
}

#[test]
fn a_lost_brace_is_found() {
    let result = std::panic::catch_unwind(|| top_level_rules(".a {\n  color: red;\n.b { }\n"));
    assert!(result.is_err());
}
