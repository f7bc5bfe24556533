//! Emailing a quote (見積書の送付): its PDF goes to the customer through Kura's SMTP sender
//! with a short letter, and the quote is marked sent, the audit naming the address. Without
//! SMTP the dashboard offers the download instead.

use kura_shared::{Email, ValidationError};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::{QuoteRecord, draft, edit, printing::quote_sheet, read};
use crate::mail::{DocumentMail, Mailer};
use crate::print::Printer;
use crate::services::{
    ServiceError, access::Access, orders::printing::parties_for, sales::customers, text,
};
use crate::store::tenant::TenantTx;

/// Whom to send a quote to, and what to say above it.
#[derive(Debug, Clone, Default)]
pub struct QuoteEmail {
    /// The address; the customer's when not given.
    pub to: Option<String>,
    /// The letter; a standard one when not given.
    pub message: Option<String>,
}

/// Emails quote `id` as a PDF and marks it sent. An expired quote needs a new date first,
/// and a server without SMTP cannot send (both CONFLICT); nothing is marked sent unless the
/// mail server took the message.
pub async fn email(
    db: &DatabaseConnection,
    access: &Access,
    (printer, mailer): (&Printer, &Mailer),
    id: Uuid,
    input: QuoteEmail,
) -> Result<QuoteRecord, ServiceError> {
    let message = text::optional(
        input.message.as_deref().unwrap_or_default(),
        2000,
        "message",
    )?;
    let tx = TenantTx::read(db, access.tenant_id).await?;
    let quote = read::load(&tx, access, id).await?;
    if !mailer.is_configured() {
        return Err(ServiceError::Conflict {
            message:
                "This server sends no email (KURA_SMTP_URL is not set); download the PDF instead"
                    .into(),
            field: None,
        });
    }
    draft::check_current(&quote, "sent")?;
    let parties = parties_for(&tx, quote.customer_id).await?;
    let on_file = match quote.customer_id {
        Some(customer) => customers::record_in(&tx, customer).await?.profile.email,
        None => None,
    };
    let company = tx.company().await?.name;
    tx.commit().await?;

    let to = recipient(input.to.as_deref(), on_file)?;
    let pdf = printer
        .pdf(&quote_sheet(&parties, &quote))
        .map_err(ServiceError::internal)?;
    let letter = letter(&company, &quote.number, &message);
    let subject = format!(
        "御見積書 {} / Quote {} — {company}",
        quote.number, quote.number
    );
    mailer
        .send_document(DocumentMail {
            to: &to,
            subject: &subject,
            body: &letter,
            file_name: &format!("{}.pdf", quote.number),
            pdf,
        })
        .await
        .map_err(|e| ServiceError::Conflict {
            message: format!("The mail server did not take the quote: {e}"),
            field: Some("to"),
        })?;
    edit::emailed(db, access, id, &to).await
}

/// The address to send to: the one given, else the customer's on file.
fn recipient(given: Option<&str>, on_file: Option<String>) -> Result<String, ServiceError> {
    match given.map(str::trim).filter(|s| !s.is_empty()) {
        Some(to) => Email::parse(to)
            .map(|e| e.as_str().to_owned())
            .map_err(|e| ValidationError::from(e).with_field("to").into()),
        None => on_file.ok_or_else(|| {
            ValidationError::new(
                "quote.email.no_address",
                "The customer has no email address on file; give one",
            )
            .with_field("to")
            .into()
        }),
    }
}

/// The letter above the attachment: the sender's own words, else a standard greeting, in
/// Japanese with an English line.
fn letter(company: &str, number: &str, message: &str) -> String {
    let words = if message.is_empty() {
        format!(
            "いつもお世話になっております。{company}です。\n\
             御見積書 {number} をお送りいたします。添付の PDF をご確認ください。\n\
             ご不明な点がございましたら、お気軽にお問い合わせください。"
        )
    } else {
        message.to_owned()
    };
    format!("{words}\n\n---\nQuote {number} from {company} is attached as a PDF.\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_given_wins_and_a_missing_one_is_named() {
        let on_file = Some("buyer@example.jp".to_owned());
        assert_eq!(
            recipient(Some(" Sales@Example.JP "), on_file.clone()).ok(),
            Some("sales@example.jp".to_owned())
        );
        assert_eq!(recipient(None, on_file.clone()).ok(), on_file);
        let code = |r: Result<String, ServiceError>| match r {
            Err(ServiceError::Validation(e)) => e.code,
            other => panic!("{other:?}"),
        };
        assert_eq!(code(recipient(Some(""), None)), "quote.email.no_address");
        assert_ne!(code(recipient(Some("not an address"), None)), "");
    }

    #[test]
    fn the_letter_is_the_senders_words_or_a_standard_greeting() {
        let standard = letter("山田商店", "Q-2026-000007", "");
        assert!(standard.contains("御見積書 Q-2026-000007 をお送りいたします"));
        assert!(standard.ends_with("Quote Q-2026-000007 from 山田商店 is attached as a PDF.\n"));
        let own = letter("山田商店", "Q-2026-000007", "先日のご依頼の件です。");
        assert!(own.starts_with("先日のご依頼の件です。\n\n---\n"));
    }
}
