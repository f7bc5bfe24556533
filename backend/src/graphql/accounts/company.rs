//! The company's own settings: `updateCompany` (owners and admins).

use async_graphql::{Context, InputObject, Object, Result};
use kura_shared::{Role, RoundingMode};

use crate::graphql::{
    accounts::sign_in::Tenant,
    request::client::ClientInfo,
    types::errors::{ApiError, require_role},
};
use crate::{
    services::{
        accounts::audit::Actor,
        accounts::company::{self, CompanyPatch},
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
    /// How consumption tax is rounded once per rate (切り捨て FLOOR by default).
    tax_rounding: Option<RoundingMode>,
    /// Loyalty points a sale earns, in basis points of its total (100 = 1%, at most 2000).
    loyalty_earn_basis_points: Option<i32>,
    /// Postal address printed on documents; `""` clears it.
    address: Option<String>,
    /// Phone printed on documents; `""` clears it.
    phone: Option<String>,
    /// 適格請求書発行事業者登録番号: `T` + 13 digits (the check digit is verified); `""` clears it.
    registration_number: Option<String>,
}

#[derive(Default)]
pub struct CompanyMutation;

#[Object]
impl CompanyMutation {
    /// Changes the company's name, time zone, pricing rule, tax rounding, loyalty rate, or
    /// what its documents print (address, phone, registration number).
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
                tax_rounding: input.tax_rounding,
                loyalty_earn_bp: input.loyalty_earn_basis_points,
                address: input.address,
                phone: input.phone,
                registration_number: input.registration_number,
            },
        )
        .await
        .map_err(ApiError::from)?
        .into())
    }
}
