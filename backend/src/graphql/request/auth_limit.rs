//! At most one authentication mutation per operation. Without this, one request could carry
//! hundreds of aliased `logIn` fields (password guesses that each cost an argon2 hash) and
//! get around the per-request limits every proxy and throttle in front of it counts by.
//! Checked when the document is parsed, for every transport, before any field runs.

use std::{collections::HashSet, sync::Arc};

use async_graphql::{
    ServerError, ServerResult, Variables,
    extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery},
    parser::types::{ExecutableDocument, OperationType, Selection, SelectionSet},
};
use kura_shared::ErrorCode;

use crate::graphql::types::errors::CodedError;

/// The mutations that check or create credentials.
pub const AUTH_MUTATIONS: &[&str] = &[
    "signUp",
    "logIn",
    "refreshSession",
    "acceptInvitation",
    "switchTenant",
];

/// Registers the check on a schema.
#[derive(Debug, Clone, Copy, Default)]
pub struct OneAuthMutation;

impl ExtensionFactory for OneAuthMutation {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(OneAuthMutation)
    }
}

#[async_trait::async_trait]
impl Extension for OneAuthMutation {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        for (_, operation) in document.operations.iter() {
            if operation.node.ty != OperationType::Mutation {
                continue;
            }
            let count = auth_fields(
                &document,
                &operation.node.selection_set.node,
                &mut HashSet::new(),
            );
            if count > 1 {
                return Err(ServerError::new(
                    format!(
                        "At most one of {} may be sent per operation",
                        AUTH_MUTATIONS.join(", ")
                    ),
                    Some(operation.pos),
                )
                .extend_with_code(ErrorCode::Validation));
            }
        }
        Ok(document)
    }
}

/// Counts the authentication fields at the root of `selections`, following fragments.
/// Every occurrence counts, even under one response key or through a fragment spread twice:
/// async-graphql runs each selection of a field on its own, so two identical `logIn`s (or
/// one plain and one in `... on Mutation`) are two password checks. `expanding` holds the
/// fragments being followed, so a fragment that spreads itself (invalid, refused later by
/// validation) cannot loop here.
fn auth_fields<'a>(
    document: &'a ExecutableDocument,
    selections: &'a SelectionSet,
    expanding: &mut HashSet<&'a str>,
) -> usize {
    let mut count = 0;
    for selection in &selections.items {
        count += match &selection.node {
            Selection::Field(field) => {
                usize::from(AUTH_MUTATIONS.contains(&field.node.name.node.as_str()))
            }
            Selection::InlineFragment(inline) => {
                auth_fields(document, &inline.node.selection_set.node, expanding)
            }
            Selection::FragmentSpread(spread) => {
                let name = spread.node.fragment_name.node.as_str();
                match document.fragments.get(&spread.node.fragment_name.node) {
                    Some(fragment) if expanding.insert(name) => {
                        let inner =
                            auth_fields(document, &fragment.node.selection_set.node, expanding);
                        expanding.remove(name);
                        inner
                    }
                    _ => 0,
                }
            }
        };
    }
    count
}

#[cfg(test)]
mod tests {
    use async_graphql::parser::parse_query;

    use super::*;

    fn auth_count(query: &str) -> usize {
        let document = parse_query(query).unwrap();
        document
            .operations
            .iter()
            .map(|(_, op)| auth_fields(&document, &op.node.selection_set.node, &mut HashSet::new()))
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn aliases_fragments_and_mixtures_all_count() {
        assert_eq!(
            auth_count("mutation { logIn(input: $i) { accessToken } }"),
            1
        );
        assert_eq!(
            auth_count(
                "mutation { a: logIn(input: $i) { accessToken } b: logIn(input: $j) { accessToken } }"
            ),
            2
        );
        assert_eq!(
            auth_count(
                "mutation { signUp(input: $i) { accessToken } logIn(input: $j) { accessToken } }"
            ),
            2
        );
        assert_eq!(
            auth_count(
                "mutation { ...F ... on Mutation { b: logIn(input: $j) { accessToken } } } fragment F on Mutation { a: logIn(input: $i) { accessToken } }"
            ),
            2
        );
        assert_eq!(
            auth_count(
                "mutation { ...F } fragment F on Mutation { ...F a: logIn(input: $i) { accessToken } }"
            ),
            1,
            "a fragment spread into itself is followed once"
        );
        assert_eq!(
            auth_count(
                "mutation { ...F ...F } fragment F on Mutation { a: logIn(input: $i) { accessToken } }"
            ),
            2,
            "a fragment spread twice runs its fields twice"
        );
        assert_eq!(
            auth_count(
                "mutation { logIn(input: $a) { accessToken } ... on Mutation { logIn(input: $b) { accessToken } } }"
            ),
            2,
            "one response key, two selections: two password checks"
        );
        assert_eq!(
            auth_count(
                "mutation { logIn(input: $a) { accessToken } logIn(input: $a) { refreshToken } }"
            ),
            2
        );
        assert_eq!(
            auth_count("mutation { createLocation(input: $i) { id } logOut }"),
            0
        );
    }
}
