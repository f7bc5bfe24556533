//! The layers' import rule, checked over the source tree: GraphQL sees stored data only as
//! the services' records (never `crate::store`), and services never call up into an edge
//! (`crate::graphql`, `crate::http`, `crate::jobs`).

use std::path::{Path, PathBuf};

/// Files allowed to break the rule, each with the reason it still does. None today: the
/// customer resolvers were the last, and they now wrap `CustomerRecord`.
const EXCEPTIONS: &[&str] = &[];

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The top-level modules of `crate::` a source names, with `use` groups opened:
/// `use crate::{store::x, services::{a, b}}` names `store` and `services`.
fn crate_modules(source: &str) -> Vec<String> {
    let mut modules = Vec::new();
    for (at, _) in source.match_indices("crate::") {
        let rest = &source[at + "crate::".len()..];
        match rest.strip_prefix('{') {
            Some(group) => modules.extend(group_heads(group)),
            None => modules.push(leading_ident(rest)),
        }
    }
    modules
}

/// The first identifier of each item of a `use` group, up to its closing brace.
fn group_heads(group: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut item_start = true;
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => item_start = true,
            c if item_start && !c.is_whitespace() => {
                heads.push(leading_ident(&group[i..]));
                item_start = false;
            }
            _ => {}
        }
    }
    heads
}

fn leading_ident(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// Every file under `src/<layer>` (exceptions aside) that names one of `forbidden`.
fn breaches(layer: &str, forbidden: &[&str]) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    for file in rust_files(&src.join(layer)) {
        let name = file
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if EXCEPTIONS.contains(&name.as_str()) {
            continue;
        }
        let source = std::fs::read_to_string(&file).unwrap();
        for module in crate_modules(&source) {
            if forbidden.contains(&module.as_str()) {
                found.push(format!("{name} names crate::{module}"));
            }
        }
    }
    found
}

#[test]
fn graphql_reaches_stored_data_only_through_the_services() {
    let found = breaches("graphql", &["store"]);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn services_never_import_an_edge() {
    let found = breaches("services", &["graphql", "http", "jobs"]);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn every_exception_still_breaks_the_rule() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for name in EXCEPTIONS {
        let source = std::fs::read_to_string(src.join(name)).unwrap();
        assert!(
            crate_modules(&source).iter().any(|m| m == "store"),
            "{name} no longer names crate::store; remove it from EXCEPTIONS"
        );
    }
}

#[test]
fn the_check_sees_paths_inside_use_groups() {
    let source = "use crate::{\n    services::{a, b},\n    store::tenant::records::x,\n};\n\
                  fn f() { crate::jobs::run(); }";
    assert_eq!(
        crate_modules(source),
        ["services", "store", "jobs"].map(String::from)
    );
}
