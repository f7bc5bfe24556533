//! The company's own settings: `updateCompany` (owners and admins).

use async_graphql::{Context, InputObject, Object, Result};
use kura_shared::Role;

use super::{
    accounts::Tenant,
    errors::{ApiError, require_role},
    request::ClientInfo,
};
use crate::{
    services::{
        audit::Actor,
        company::{self, CompanyPatch},
    },
    state::AppState,
};

/// Changes to the company; omitted fields stay.
#[derive(InputObject)]
pub struct UpdateCompanyInput {
    name: Option<String>,
    /// IANA time zone for business days and dashboards.
    time_zone: Option<String>,
    /// Prices entered and shown tax-included (総額表示) or tax-excluded.
    prices_include_tax: Option<bool>,
}

#[derive(Default)]
pub struct CompanyMutation;

#[Object]
impl CompanyMutation {
    /// Changes the company's name, time zone or pricing rule.
    async fn update_company(&self, ctx: &Context<'_>, input: UpdateCompanyInput) -> Result<Tenant> {
        let admin = require_role(ctx, Role::Admin)?;
        let state = ctx.data_unchecked::<AppState>();
        let actor = Actor {
            user_id: Some(admin.user_id),
            api_key_prefix: None,
            address: ctx.data_opt::<ClientInfo>().and_then(|c| c.address.clone()),
        };
        Ok(company::update(
            &state.db,
            admin.tenant_id,
            &actor,
            CompanyPatch {
                name: input.name,
                time_zone: input.time_zone,
                prices_include_tax: input.prices_include_tax,
            },
        )
        .await
        .map_err(ApiError::from)?
        .into())
    }
}
