//! A channel's credentials for its provider (shop, tokens, Smaregi contract), kept in the
//! channel's `settings` JSON under `"connection"`. Secrets are write-only: the API only
//! ever says whether one is stored.

use chrono::Utc;
use kura_shared::ValidationError;
use sea_orm::{ActiveValue::Set, ColumnTrait, QueryFilter};
use uuid::Uuid;

use crate::services::{
    ServiceError,
    access::Access,
    channels::setup::{self, ChannelRecord},
};
use crate::{
    integrations::connection::Connection,
    store::tenant::{TenantTx, records::channel},
};

/// Changes to a connection: `None` keeps a field, an empty string clears it.
#[derive(Debug, Clone, Default)]
pub struct ConnectionPatch {
    /// Shopify shop subdomain (or its `*.myshopify.com` domain).
    pub shop: Option<String>,
    /// Shopify or Square access token.
    pub access_token: Option<String>,
    /// Square notification URL as registered with the subscription.
    pub notification_url: Option<String>,
    /// Smaregi contract id.
    pub contract_id: Option<String>,
    /// Smaregi client id.
    pub client_id: Option<String>,
    /// Smaregi client secret.
    pub client_secret: Option<String>,
}

/// The connection of channel `channel_id`, inside `tx` (empty when none was set).
pub async fn connection_in(tx: &TenantTx, channel_id: Uuid) -> Result<Connection, ServiceError> {
    let row = tx
        .select::<channel::Model>()
        .filter(channel::Column::Id.eq(channel_id))
        .one(tx.conn())
        .await?
        .ok_or(ServiceError::NotFound("Channel"))?;
    Ok(Connection::from_settings(&row.settings))
}

/// The connection stored in a channel row.
pub fn of(record: &ChannelRecord) -> Connection {
    Connection::from_settings(&record.channel.settings)
}

fn apply(
    slot: &mut Option<String>,
    value: Option<&String>,
    field: &'static str,
    max: usize,
) -> Result<(), ServiceError> {
    let Some(value) = value else {
        return Ok(());
    };
    let value = value.trim();
    if value.chars().count() > max {
        return Err(
            ValidationError::new("text.too_long", format!("At most {max} characters"))
                .with_field(field)
                .into(),
        );
    }
    *slot = (!value.is_empty()).then(|| value.to_owned());
    Ok(())
}

/// Changes a channel's connection, keeping every other key of its settings.
pub async fn set(
    db: &sea_orm::DatabaseConnection,
    access: &Access,
    channel_id: Uuid,
    patch: ConnectionPatch,
) -> Result<ChannelRecord, ServiceError> {
    let tx = TenantTx::write(db, access.tenant_id).await?;
    let current = setup::load(&tx, channel_id).await?;
    let mut connection = of(&current);
    apply(&mut connection.shop, patch.shop.as_ref(), "shop", 200)?;
    if connection.shop.is_some() && connection.shop_name().is_none() {
        return Err(ValidationError::new(
            "channel.shop",
            "Enter the shop as in its admin address, e.g. my-shop or my-shop.myshopify.com",
        )
        .with_field("shop")
        .into());
    }
    apply(
        &mut connection.access_token,
        patch.access_token.as_ref(),
        "accessToken",
        1000,
    )?;
    apply(
        &mut connection.notification_url,
        patch.notification_url.as_ref(),
        "notificationUrl",
        1000,
    )?;
    if let Some(url) = &connection.notification_url
        && !url::Url::parse(url).is_ok_and(|u| matches!(u.scheme(), "https" | "http"))
    {
        return Err(ValidationError::new(
            "channel.notification_url",
            "Enter the notification URL exactly as registered in Square (https://…)",
        )
        .with_field("notificationUrl")
        .into());
    }
    apply(
        &mut connection.contract_id,
        patch.contract_id.as_ref(),
        "contractId",
        100,
    )?;
    apply(
        &mut connection.client_id,
        patch.client_id.as_ref(),
        "clientId",
        200,
    )?;
    apply(
        &mut connection.client_secret,
        patch.client_secret.as_ref(),
        "clientSecret",
        1000,
    )?;
    let settings = connection
        .into_settings(&current.channel.settings)
        .map_err(ServiceError::internal)?;
    tx.update::<channel::Model>()
        .set(channel::ActiveModel {
            settings: Set(settings),
            updated_at: Set(Utc::now()),
            ..Default::default()
        })
        .filter(channel::Column::Id.eq(channel_id))
        .exec(tx.conn())
        .await?;
    let record = setup::load(&tx, channel_id).await?;
    tx.commit().await?;
    Ok(record)
}
