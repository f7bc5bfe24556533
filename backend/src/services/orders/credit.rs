//! The credit check (与信): confirming an order for a customer with a credit limit holds
//! it for a manager's approval when what the customer owes on invoices (売掛金), its open
//! orders and this one come to more than the limit. "Open orders" is every order of the
//! customer that holds, waits for or is fulfilling stock (confirmed, backordered, partly
//! shipped, ready for pickup), at its total with tax; the receivables are its balance on
//! issued invoices less credit notes (`invoices::read::balances`).
//!
//! The customer's row is locked while its exposure is summed, so two orders confirmed at
//! once for the same customer cannot both slip under the limit.

use kura_shared::{Money, OrderStatus, checked_sum};
use sea_orm::{ColumnTrait, DatabaseConnection, DbBackend, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::{OrderRecord, read};
use crate::services::{ServiceError, access::Access, invoices};
use crate::store::tenant::{
    TenantTx,
    records::{customer, order},
};

/// The figures a held order is shown with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CreditFigures {
    /// The customer's 与信限度額.
    pub limit: Money,
    /// What the customer owes on issued invoices (売掛金).
    pub receivables: Money,
    /// What the customer's other open orders owe.
    pub open_orders: Money,
    /// This order's total.
    pub order_total: Money,
}

impl CreditFigures {
    /// Receivables, open orders and this one together.
    pub fn exposure(&self) -> Money {
        Money::new(
            self.receivables
                .amount_minor
                .saturating_add(self.open_orders.amount_minor)
                .saturating_add(self.order_total.amount_minor),
            self.limit.currency,
        )
    }

    /// By how much the exposure passes the limit (zero when within it).
    pub fn exceeded_by(&self) -> Money {
        Money::new(
            self.exposure()
                .amount_minor
                .saturating_sub(self.limit.amount_minor)
                .max(0),
            self.limit.currency,
        )
    }

    /// Whether the order must wait for approval.
    pub fn over_limit(&self) -> bool {
        self.exceeded_by().amount_minor > 0
    }

    /// One line for the audit log:
    /// `¥200,000 invoiced + ¥1,000,000 open + ¥300,000 this order > limit ¥1,000,000`.
    pub fn describe(&self) -> String {
        format!(
            "{} invoiced + {} open + {} this order {} limit {}",
            self.receivables,
            self.open_orders,
            self.order_total,
            if self.over_limit() { ">" } else { "≤" },
            self.limit
        )
    }
}

/// The credit figures for confirming `order` now, with the customer's row locked until
/// the transaction ends; `None` when the order has no customer or the customer no limit.
pub(super) async fn check(
    tx: &TenantTx,
    order: &OrderRecord,
) -> Result<Option<CreditFigures>, ServiceError> {
    let Some(customer_id) = order.customer_id else {
        return Ok(None);
    };
    let mut select = tx
        .select::<customer::Model>()
        .filter(customer::Column::Id.eq(customer_id));
    if tx.backend() == DbBackend::Postgres {
        select = select.lock_exclusive();
    }
    let Some(limit) = select
        .one(tx.conn())
        .await?
        .and_then(|customer| customer.credit_limit)
    else {
        return Ok(None);
    };
    let open: Vec<OrderStatus> = OrderStatus::ALL
        .iter()
        .copied()
        .filter(|s| s.is_open())
        .collect();
    let totals: Vec<i64> = tx
        .select::<order::Model>()
        .select_only()
        .column(order::Column::Total)
        .filter(order::Column::CustomerId.eq(customer_id))
        .filter(order::Column::Status.is_in(open))
        .filter(order::Column::Id.ne(order.id))
        .into_tuple()
        .all(tx.conn())
        .await?;
    let currency = order.currency;
    let open_orders = checked_sum(totals).map_err(|e| {
        ServiceError::internal(format!("customer {customer_id}: open orders overflow: {e}"))
    })?;
    let receivables = invoices::read::balances(tx, &[customer_id])
        .await?
        .get(&customer_id)
        .copied()
        .unwrap_or(0);
    Ok(Some(CreditFigures {
        limit: Money::new(limit, currency),
        receivables: Money::new(receivables, currency),
        open_orders: Money::new(open_orders, currency),
        order_total: Money::new(order.total, currency),
    }))
}

/// The figures a held order waits on, as they stand now (for the order page); `None` when
/// the order is not held.
pub async fn figures(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
) -> Result<Option<CreditFigures>, ServiceError> {
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let order = read::load(&tx, access, id).await?;
    let figures = if order.status == OrderStatus::OnHold {
        check(&tx, &order).await?
    } else {
        None
    };
    tx.commit().await?;
    Ok(figures)
}

#[cfg(test)]
mod tests {
    use kura_shared::CurrencyCode;

    use super::*;

    fn yen(amount: i64) -> Money {
        Money::new(amount, CurrencyCode::Jpy)
    }

    fn figures(limit: i64, open: i64, this: i64) -> CreditFigures {
        CreditFigures {
            limit: yen(limit),
            receivables: yen(0),
            open_orders: yen(open),
            order_total: yen(this),
        }
    }

    #[test]
    fn an_order_that_reaches_the_limit_exactly_passes_and_one_yen_more_is_held() {
        assert!(!figures(1_000_000, 700_000, 300_000).over_limit());
        let held = figures(1_000_000, 700_000, 300_001);
        assert!(held.over_limit());
        assert_eq!(held.exceeded_by(), yen(1));
        assert_eq!(held.exposure(), yen(1_000_001));
    }

    #[test]
    fn a_zero_limit_holds_every_order_and_a_free_order_passes() {
        assert!(figures(0, 0, 1).over_limit());
        assert!(!figures(0, 0, 0).over_limit());
    }

    #[test]
    fn what_is_invoiced_and_unpaid_counts_against_the_limit() {
        let owed = CreditFigures {
            receivables: yen(400_000),
            ..figures(1_000_000, 500_000, 100_000)
        };
        assert_eq!(owed.exposure(), yen(1_000_000));
        assert!(!owed.over_limit());
        let more = CreditFigures {
            receivables: yen(400_001),
            ..figures(1_000_000, 500_000, 100_000)
        };
        assert!(more.over_limit());
        assert!(
            more.describe().starts_with("¥400,001 invoiced"),
            "{}",
            more.describe()
        );
    }

    #[test]
    fn the_audit_line_shows_the_figures() {
        let line = figures(1_000_000, 800_000, 300_000).describe();
        assert!(line.contains('>'), "{line}");
        assert!(line.contains("1,000,000"), "{line}");
    }
}
