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

use super::errors::CodedError;

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
            let mut keys = HashSet::new();
            auth_fields(
                &document,
                &operation.node.selection_set.node,
                &mut HashSet::new(),
                &mut keys,
            );
            if keys.len() > 1 {
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

/// Collects the response keys of authentication fields at the root of `selections`,
/// following fragments (each once: spreading one twice selects the same fields again,
/// which GraphQL merges into one execution, as it does identical fields under one key).
fn auth_fields<'a>(
    document: &'a ExecutableDocument,
    selections: &'a SelectionSet,
    fragments_seen: &mut HashSet<&'a str>,
    keys: &mut HashSet<&'a str>,
) {
    for selection in &selections.items {
        match &selection.node {
            Selection::Field(field) => {
                if AUTH_MUTATIONS.contains(&field.node.name.node.as_str()) {
                    keys.insert(field.node.response_key().node.as_str());
                }
            }
            Selection::InlineFragment(inline) => {
                auth_fields(
                    document,
                    &inline.node.selection_set.node,
                    fragments_seen,
                    keys,
                );
            }
            Selection::FragmentSpread(spread) => {
                let name = spread.node.fragment_name.node.as_str();
                if fragments_seen.insert(name)
                    && let Some(fragment) = document.fragments.get(&spread.node.fragment_name.node)
                {
                    auth_fields(
                        document,
                        &fragment.node.selection_set.node,
                        fragments_seen,
                        keys,
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use async_graphql::parser::parse_query;

    use super::*;

    fn keys(query: &str) -> usize {
        let document = parse_query(query).unwrap();
        document
            .operations
            .iter()
            .map(|(_, op)| {
                let mut keys = HashSet::new();
                auth_fields(
                    &document,
                    &op.node.selection_set.node,
                    &mut HashSet::new(),
                    &mut keys,
                );
                keys.len()
            })
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn aliases_fragments_and_mixtures_all_count() {
        assert_eq!(keys("mutation { logIn(input: $i) { accessToken } }"), 1);
        assert_eq!(
            keys(
                "mutation { a: logIn(input: $i) { accessToken } b: logIn(input: $j) { accessToken } }"
            ),
            2
        );
        assert_eq!(
            keys("mutation { signUp(input: $i) { accessToken } logIn(input: $j) { accessToken } }"),
            2
        );
        assert_eq!(
            keys(
                "mutation { ...F ... on Mutation { b: logIn(input: $j) { accessToken } } } fragment F on Mutation { a: logIn(input: $i) { accessToken } }"
            ),
            2
        );
        assert_eq!(
            keys(
                "mutation { ...F ...F } fragment F on Mutation { ...F a: logIn(input: $i) { accessToken } }"
            ),
            1,
            "a fragment spread twice (or into itself) selects the same field"
        );
        assert_eq!(
            keys("mutation { createLocation(input: $i) { id } logOut }"),
            0
        );
    }
}
