//! Outgoing email (SMTP via lettre). Without `KURA_SMTP_URL` nothing is sent and callers
//! show the person the link instead, so no flow ever blocks on mail.

use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Attachment, Mailbox, MultiPart, SinglePart, header::ContentType},
};

/// Why mail could not be set up or sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// `KURA_SMTP_URL` or `KURA_MAIL_FROM` is unusable.
    #[error("{0}")]
    Config(String),
    /// The message could not be built or delivered.
    #[error("sending mail failed: {0}")]
    Send(String),
}

/// Sends Kura's emails, or knows it cannot.
#[derive(Clone)]
pub struct Mailer {
    transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("configured", &self.transport.is_some())
            .finish()
    }
}

/// An invitation email's content.
#[derive(Debug)]
pub struct InvitationMail<'a> {
    /// Recipient.
    pub to: &'a str,
    /// The company they are invited to.
    pub company: &'a str,
    /// Who invited them.
    pub inviter: &'a str,
    /// The link that accepts.
    pub accept_url: &'a str,
}

/// A business document (a quote, later an invoice) sent as a PDF attachment.
#[derive(Debug)]
pub struct DocumentMail<'a> {
    /// Recipient.
    pub to: &'a str,
    /// Subject line.
    pub subject: &'a str,
    /// The letter above the attachment.
    pub body: &'a str,
    /// The attachment's file name, e.g. `Q-2026-000007.pdf`.
    pub file_name: &'a str,
    /// The PDF.
    pub pdf: Vec<u8>,
}

impl Mailer {
    /// `smtp_url` as lettre reads it: `smtps://user:pass@host:465`,
    /// `smtp://user:pass@host:587?tls=required`, or plain `smtp://host:port` for a local relay.
    pub fn new(smtp_url: Option<&str>, from: &str) -> Result<Self, MailError> {
        let from = from
            .parse::<Mailbox>()
            .map_err(|e| MailError::Config(format!("KURA_MAIL_FROM: {e}")))?;
        let transport = smtp_url
            .map(|url| {
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map(|builder| builder.build())
                    .map_err(|e| MailError::Config(format!("KURA_SMTP_URL: {e}")))
            })
            .transpose()?;
        Ok(Self { transport, from })
    }

    /// True when mail can be sent.
    pub fn is_configured(&self) -> bool {
        self.transport.is_some()
    }

    /// Sends an invitation in Japanese and English. `Ok(false)` when no SMTP is configured.
    pub async fn send_invitation(&self, mail: &InvitationMail<'_>) -> Result<bool, MailError> {
        let body = format!(
            "{inviter} さんから {company} の Kura に招待されました。\n\
             次のリンクから参加してください（7日間有効）:\n{url}\n\n\
             {inviter} invited you to join {company} on Kura.\n\
             Accept within 7 days:\n{url}\n",
            inviter = mail.inviter,
            company = mail.company,
            url = mail.accept_url,
        );
        let subject = format!("{} から Kura への招待 / Invitation to Kura", mail.company);
        self.send(mail.to, subject, body).await
    }

    /// Tells the owner of `to`'s account that someone tried to create a new company with
    /// that address, in Japanese and English. `Ok(false)` when no SMTP is configured.
    pub async fn send_sign_up_attempt(
        &self,
        to: &str,
        sign_in_url: Option<&str>,
    ) -> Result<bool, MailError> {
        let (where_ja, where_en) = match sign_in_url {
            Some(url) => (
                format!("こちらからログインできます: {url}"),
                format!("Sign in here: {url}"),
            ),
            None => (
                "いつもの Kura のページからログインしてください。".to_owned(),
                "Sign in on the Kura page you usually use.".to_owned(),
            ),
        };
        let body = format!(
            "このメールアドレスで Kura に新しい会社を作成しようとする操作がありました。\n\
             このアドレスには既にアカウントがあるため、作成はされていません。\n\
             ご自身の操作であれば、既存のアカウントをお使いください。{where_ja}\n\
             お心当たりがない場合は、このメールは無視してください。アカウントには何も変更はありません。\n\n\
             Someone tried to create a new company on Kura with this email address.\n\
             It already has an account, so nothing was created.\n\
             If it was you, use your existing account. {where_en}\n\
             If it was not you, you can ignore this message; nothing about your account changed.\n"
        );
        self.send(
            to,
            "Kura アカウント作成の試み / Someone tried to sign up to Kura with your email".into(),
            body,
        )
        .await
    }

    /// Sends a document with its PDF attached. `Ok(false)` when no SMTP is configured.
    pub async fn send_document(&self, mail: DocumentMail<'_>) -> Result<bool, MailError> {
        let Some(transport) = &self.transport else {
            return Ok(false);
        };
        let pdf =
            ContentType::parse("application/pdf").map_err(|e| MailError::Send(e.to_string()))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(mailbox(mail.to)?)
            .subject(mail.subject)
            .multipart(
                MultiPart::mixed()
                    .singlepart(SinglePart::plain(mail.body.to_owned()))
                    .singlepart(Attachment::new(mail.file_name.to_owned()).body(mail.pdf, pdf)),
            )
            .map_err(|e| MailError::Send(e.to_string()))?;
        transport
            .send(message)
            .await
            .map_err(|e| MailError::Send(e.to_string()))?;
        Ok(true)
    }

    async fn send(&self, to: &str, subject: String, body: String) -> Result<bool, MailError> {
        let Some(transport) = &self.transport else {
            return Ok(false);
        };
        let message = Message::builder()
            .from(self.from.clone())
            .to(mailbox(to)?)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| MailError::Send(e.to_string()))?;
        transport
            .send(message)
            .await
            .map_err(|e| MailError::Send(e.to_string()))?;
        Ok(true)
    }
}

/// `to` as a mailbox.
fn mailbox(to: &str) -> Result<Mailbox, MailError> {
    to.parse::<Mailbox>()
        .map_err(|e| MailError::Send(e.to_string()))
}
