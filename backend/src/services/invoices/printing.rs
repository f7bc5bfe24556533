//! The invoice as printed (請求書 / 返品・値引の請求書): A4, Japanese, with what the
//! qualified-invoice rules ask a seller to show — its name and registration number (in the
//! letterhead), the date, what was sold with reduced-rate items marked, the total and tax
//! per rate — and, for a consolidated invoice, the balance brought forward (合計請求書).

use kura_shared::{
    CurrencyCode, CustomerKind, InvoiceKind, InvoiceLineSource, Money, TaxRate, addressed,
};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::{InvoiceLineRecord, InvoiceRecord, calendar::local_date, read};
use crate::print::{Align, Column, Party, Sheet};
use crate::services::{
    ServiceError, access::Access, accounts::company::letterhead, sales::summary::time_zone,
};
use crate::store::tenant::TenantTx;

/// The mark beside reduced-rate items and the note that explains it.
const REDUCED_MARK: &str = "※";

/// The sheet of invoice `id`.
pub async fn invoice(
    db: &DatabaseConnection,
    access: &Access,
    id: Uuid,
) -> Result<Sheet, ServiceError> {
    let record = read::get(db, access, id).await?;
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let company = tx.company().await?;
    tx.commit().await?;
    let seller = Party {
        lines: letterhead(
            &company.address,
            &company.phone,
            company.registration_number.as_deref(),
        ),
        name: company.name,
    };
    let issued_on = local_date(record.issued_at, time_zone(&company.time_zone));
    Ok(sheet(&record, seller, &issued_on.to_string()))
}

/// An invoice laid out: pure, so the layout is tested without a database.
pub fn sheet(record: &InvoiceRecord, seller: Party, issued_on: &str) -> Sheet {
    let credit = record.kind == InvoiceKind::CreditNote;
    let facts = facts(record, issued_on);
    let column = |label: &str, share: f32, align: Align| Column {
        label: label.to_owned(),
        share,
        align,
    };
    let reduced = record.lines.iter().any(|l| l.tax_class == TaxRate::Reduced);
    let mut notes = Vec::new();
    if reduced {
        notes.push(format!("{REDUCED_MARK}は軽減税率（8%）対象"));
    }
    if record.status == kura_shared::InvoiceStatus::Void {
        notes.push(format!(
            "この請求書は無効です（{}）",
            record.void_reason.clone().unwrap_or_default()
        ));
    }
    Sheet {
        title: if credit {
            "返品・値引 請求書"
        } else {
            "請求書"
        }
        .into(),
        number: record.number.clone(),
        facts,
        recipient: Party {
            name: addressed(&record.bill_to_name, CustomerKind::Business),
            lines: record.bill_to_address.lines().map(str::to_owned).collect(),
        },
        seller,
        lead: Some(
            if credit {
                "下記のとおり返品・値引をお知らせいたします。"
            } else {
                "下記のとおりご請求申し上げます。"
            }
            .into(),
        ),
        columns: vec![
            column("日付", 1.5, Align::Left),
            column("伝票番号", 2.0, Align::Left),
            column("品名", 3.6, Align::Left),
            column("数量", 0.9, Align::Right),
            column("単価", 1.4, Align::Right),
            column("金額", 1.6, Align::Right),
            column("税率", 0.9, Align::Right),
        ],
        rows: record
            .lines
            .iter()
            .map(|l| row(l, record.currency))
            .collect(),
        totals: totals(record),
        notes,
        notes_heading: "備考".into(),
    }
}

/// What sits beside the number: the issue date, the period and, on an invoice, when it is
/// due and how much.
fn facts(record: &InvoiceRecord, issued_on: &str) -> Vec<(String, String)> {
    let money = |minor| Money::new(minor, record.currency).to_string();
    let credit = record.kind == InvoiceKind::CreditNote;
    let mut facts = vec![("発行日".to_owned(), issued_on.to_owned())];
    match record.period_start {
        Some(start) if start != record.period_end => facts.push((
            "対象期間".to_owned(),
            format!("{start} 〜 {}", record.period_end),
        )),
        _ => facts.push(("対象日".to_owned(), record.period_end.to_string())),
    }
    if !credit {
        facts.push(("お支払期限".to_owned(), record.due_date.to_string()));
        facts.push(("ご請求金額".to_owned(), money(record.amount_due)));
    }
    facts
}

/// One billed line: reduced-rate items marked, returns named.
fn row(l: &InvoiceLineRecord, currency: CurrencyCode) -> Vec<String> {
    let money = |minor| Money::new(minor, currency).to_string();
    let mark = if l.tax_class == TaxRate::Reduced {
        REDUCED_MARK
    } else {
        ""
    };
    let kind = match l.source {
        InvoiceLineSource::Shipment => "",
        InvoiceLineSource::Return => "返品 ",
    };
    vec![
        l.dated.format("%m/%d").to_string(),
        l.document_number.clone(),
        format!("{kind}{}{mark}", l.name),
        l.quantity.to_string(),
        money(l.unit_price),
        money(l.amount),
        format!("{}%", l.tax_class.percent()),
    ]
}

/// The figures under the table: the balance brought forward (for a consolidated invoice),
/// each rate's taxable amount and tax, this period's sales, and what is due.
fn totals(record: &InvoiceRecord) -> Vec<(String, String)> {
    let money = |minor| Money::new(minor, record.currency).to_string();
    let mut sums = Vec::new();
    let consolidated = record.kind == InvoiceKind::Invoice && record.shipment_id.is_none();
    if consolidated {
        sums.push(("前回請求額".to_owned(), money(record.previous_balance)));
        sums.push(("ご入金額".to_owned(), money(record.payments_received)));
        sums.push(("繰越金額".to_owned(), money(record.carried_forward)));
    }
    for tax in &record.taxes {
        sums.push((
            format!("{}%対象", tax.rate.percent()),
            format!("{}（消費税 {}）", money(tax.taxable), money(tax.tax)),
        ));
    }
    sums.push(("今回売上額（税抜）".to_owned(), money(record.subtotal)));
    sums.push(("消費税".to_owned(), money(record.tax)));
    sums.push(("今回売上額（税込）".to_owned(), money(record.total)));
    let due = if record.kind == InvoiceKind::CreditNote {
        "返金・相殺額"
    } else {
        "今回ご請求額"
    };
    sums.push((due.to_owned(), money(record.amount_due)));
    sums
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::Utc;
    use kura_shared::{CurrencyCode, InvoiceStatus, RoundingMode};

    use super::*;
    use crate::services::invoices::{InvoiceLineRecord, TaxLineRecord};

    fn record() -> InvoiceRecord {
        let line = |n: i32, tax_class, quantity: i64, source| InvoiceLineRecord {
            line_number: n,
            source,
            document_id: Uuid::nil(),
            document_number: format!("SH-2026-00000{n}"),
            dated: "2026-11-05".parse().unwrap(),
            order_id: Uuid::nil(),
            order_number: "SO-2026-000001".into(),
            order_line_number: n,
            variant_id: Uuid::nil(),
            sku: "SKU".into(),
            name: "緑茶".into(),
            quantity,
            unit_price: 500,
            tax_class,
            amount: 500 * quantity,
        };
        InvoiceRecord {
            id: Uuid::nil(),
            number: "IN-2026-000001".into(),
            kind: InvoiceKind::Invoice,
            status: InvoiceStatus::Issued,
            customer_id: Uuid::nil(),
            bill_to_name: "株式会社山田本社".into(),
            bill_to_address: "〒150-0001\n東京都渋谷区1-2-3".into(),
            closing_date: "2026-11-20".parse().unwrap(),
            period_start: Some("2026-10-21".parse().unwrap()),
            period_end: "2026-11-20".parse().unwrap(),
            due_date: "2026-12-10".parse().unwrap(),
            shipment_id: None,
            return_id: None,
            currency: CurrencyCode::Jpy,
            prices_include_tax: false,
            tax_rounding: RoundingMode::Floor,
            previous_balance: 10_000,
            payments_received: 0,
            carried_forward: 10_000,
            taxes: vec![
                TaxLineRecord {
                    rate: TaxRate::Standard,
                    taxable: 1_500,
                    tax: 150,
                },
                TaxLineRecord {
                    rate: TaxRate::Reduced,
                    taxable: 1_000,
                    tax: 80,
                },
            ],
            subtotal: 2_500,
            tax: 230,
            total: 2_730,
            amount_due: 12_730,
            paid: 0,
            overdue: false,
            issued_at: Utc::now(),
            voided_at: None,
            void_reason: None,
            lines: vec![
                line(1, TaxRate::Standard, 3, InvoiceLineSource::Shipment),
                line(2, TaxRate::Reduced, 2, InvoiceLineSource::Shipment),
                line(3, TaxRate::Reduced, -1, InvoiceLineSource::Return),
            ],
        }
    }

    #[test]
    fn a_consolidated_invoice_shows_the_qualified_invoice_figures() {
        let sheet = sheet(&record(), Party::default(), "2026-11-21");
        assert_eq!(sheet.title, "請求書");
        assert_eq!(sheet.recipient.name, "株式会社山田本社 御中");
        assert!(
            sheet
                .facts
                .contains(&("お支払期限".into(), "2026-12-10".into()))
        );
        assert!(
            sheet
                .facts
                .contains(&("対象期間".into(), "2026-10-21 〜 2026-11-20".into()))
        );
        assert_eq!(sheet.rows[1][2], "緑茶※");
        assert_eq!(sheet.rows[2][2], "返品 緑茶※");
        assert_eq!(sheet.rows[2][3], "-1");
        let labels: Vec<&str> = sheet.totals.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(
            labels,
            [
                "前回請求額",
                "ご入金額",
                "繰越金額",
                "10%対象",
                "8%対象",
                "今回売上額（税抜）",
                "消費税",
                "今回売上額（税込）",
                "今回ご請求額"
            ]
        );
        assert_eq!(sheet.totals[4].1, "¥1,000（消費税 ¥80）");
        assert_eq!(sheet.totals[8].1, "¥12,730");
        assert!(sheet.notes[0].contains("軽減税率"));
    }
}
