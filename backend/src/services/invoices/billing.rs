//! Who pays: the customers with billing terms (payers), and for every invoiced customer the
//! payer its deliveries are billed to: itself, or the customer it names as bill-to (a head
//! office paying for its branches). Read once per closing run (two queries).

use std::collections::HashMap;

use kura_shared::{AddressKind, BillingTerms};
use sea_orm::{ColumnTrait, Condition, QueryFilter};
use uuid::Uuid;

use crate::services::ServiceError;
use crate::store::tenant::{
    TenantTx,
    records::{customer, customer_address},
};

/// A customer invoices are addressed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payer {
    /// The customer.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// Its code, which orders a closing run's invoices.
    pub code: Option<String>,
    /// Its default billing address, printed (empty when it has none).
    pub address: String,
    /// When it closes and pays.
    pub terms: BillingTerms,
}

/// The payers and whom each invoiced customer's deliveries are billed to.
#[derive(Debug, Clone, Default)]
pub struct Billing {
    /// Customers with billing terms.
    pub payers: HashMap<Uuid, Payer>,
    /// Customer → the payer billed for it (only customers that are billed at all).
    pub billed_to: HashMap<Uuid, Uuid>,
}

impl Billing {
    /// The payer `customer`'s deliveries are billed to, if it is invoiced at all.
    pub fn payer_of(&self, customer: Uuid) -> Option<&Payer> {
        self.billed_to
            .get(&customer)
            .and_then(|payer| self.payers.get(payer))
    }

    /// Payers in the order their invoices are numbered: by code, then name.
    pub fn in_order(&self) -> Vec<&Payer> {
        let mut payers: Vec<&Payer> = self.payers.values().collect();
        payers.sort_by(|a, b| (&a.code, &a.name, a.id).cmp(&(&b.code, &b.name, b.id)));
        payers
    }
}

/// Every customer with billing terms or a bill-to, and the payers' billing addresses.
pub async fn load(tx: &TenantTx) -> Result<Billing, ServiceError> {
    let customers = tx
        .select::<customer::Model>()
        .filter(
            Condition::any()
                .add(customer::Column::ClosingDay.is_not_null())
                .add(customer::Column::BillToCustomerId.is_not_null()),
        )
        .all(tx.conn())
        .await?;
    let mut billing = Billing::default();
    for c in &customers {
        let terms = BillingTerms::from_parts(
            c.closing_day.map(i64::from),
            c.payment_month_offset.map(i64::from),
            c.payment_day.map(i64::from),
        )
        .map_err(|e| ServiceError::internal(format!("customer {}: stored terms: {e}", c.id)))?;
        if let Some(terms) = terms {
            billing.payers.insert(
                c.id,
                Payer {
                    id: c.id,
                    name: c.name.clone(),
                    code: c.code.clone(),
                    address: String::new(),
                    terms,
                },
            );
        }
    }
    for c in &customers {
        let payer = c
            .bill_to_customer_id
            .filter(|payer| billing.payers.contains_key(payer))
            .or_else(|| billing.payers.contains_key(&c.id).then_some(c.id));
        if let Some(payer) = payer {
            billing.billed_to.insert(c.id, payer);
        }
    }
    if !billing.payers.is_empty() {
        for address in tx
            .select::<customer_address::Model>()
            .filter(customer_address::Column::Kind.eq(AddressKind::Billing))
            .filter(customer_address::Column::IsDefault.eq(true))
            .filter(customer_address::Column::CustomerId.is_in(billing.payers.keys().copied()))
            .all(tx.conn())
            .await?
        {
            if let Some(payer) = billing.payers.get_mut(&address.customer_id) {
                payer.address = printed(&address);
            }
        }
    }
    Ok(billing)
}

/// An address as an invoice prints it: postcode, then the address, then whom it is for.
fn printed(address: &customer_address::Model) -> String {
    let place = format!("{}{}{}", address.prefecture, address.city, address.line1);
    [
        (!address.postal_code.is_empty()).then(|| format!("〒{}", address.postal_code)),
        Some(place),
        (!address.line2.is_empty()).then(|| address.line2.clone()),
        (!address.recipient_name.is_empty()).then(|| address.recipient_name.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("\n")
}
