//! Partners' API keys: listing, creating (the secret is shown once) and revoking them.

use serde::{Deserialize, Serialize};

use crate::api::wire::{IdVars, InputVars};
use crate::api::{ApiError, query};

macro_rules! api_key_fields {
    () => {
        "{ id name prefix scopes createdAt lastUsedAt revokedAt }"
    };
}

const API_KEYS_QUERY: &str = concat!("query ApiKeys { apiKeys ", api_key_fields!(), " }");
const CREATE_API_KEY_MUTATION: &str = concat!(
    "mutation CreateApiKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey ",
    api_key_fields!(),
    " secret } }"
);
const REVOKE_API_KEY_MUTATION: &str = concat!(
    "mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) ",
    api_key_fields!(),
    " }"
);

/// A partner's API key, without its secret.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiKey {
    /// Opaque id.
    pub id: String,
    /// What it is for.
    pub name: String,
    /// The visible start of the key (`kura_…`).
    pub prefix: String,
    /// Scope names, e.g. `stock:read`.
    pub scopes: Vec<String>,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339; `None` if never used.
    #[serde(default)]
    pub last_used_at: Option<String>,
    /// RFC 3339; `None` while active.
    #[serde(default)]
    pub revoked_at: Option<String>,
}

/// A key just created, with the secret shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedApiKey {
    /// The key.
    pub api_key: ApiKey,
    /// The full key, for `Authorization: Bearer`.
    pub secret: String,
}

/// `CreateApiKeyInput`.
#[derive(Debug, Clone, Serialize)]
pub struct CreateApiKeyInput {
    /// What it is for.
    pub name: String,
    /// Scope names.
    pub scopes: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ApiKeysData {
    api_keys: Vec<ApiKey>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateApiKeyData {
    create_api_key: CreatedApiKey,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RevokeApiKeyData {
    #[serde(rename = "revokeApiKey")]
    _key: ApiKey,
}

/// The company's API keys, newest first.
pub async fn api_keys() -> Result<Vec<ApiKey>, ApiError> {
    query::<_, ApiKeysData>(API_KEYS_QUERY, ())
        .await
        .map(|d| d.api_keys)
}

/// Creates a key.
pub async fn create_api_key(input: CreateApiKeyInput) -> Result<CreatedApiKey, ApiError> {
    query::<_, CreateApiKeyData>(CREATE_API_KEY_MUTATION, InputVars { input })
        .await
        .map(|d| d.create_api_key)
}

/// Revokes a key.
pub async fn revoke_api_key(id: String) -> Result<(), ApiError> {
    query::<_, RevokeApiKeyData>(REVOKE_API_KEY_MUTATION, IdVars { id: &id })
        .await
        .map(drop)
}
