//! Email: building a message (plain text, the visit's calendar file, one-click unsubscribe) and
//! sending it over SMTP with `lettre` (async, rustls).
//!
//! The `Message-ID` is the message's own id, so a message sent again after a crash (between the
//! SMTP server's "OK" and the database's "sent") is recognisable as the same one.

use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// An SMTP connection pool to the server in `--smtp-url`.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Mailer(..)")
    }
}

impl Mailer {
    /// A mailer from a URL: `smtp://host:25` (no TLS, for a local relay or a test server),
    /// `smtp://user:password@host:587?tls=required` (STARTTLS), `smtps://user:password@host:465`.
    pub fn from_url(url: &str) -> Result<Mailer, String> {
        let builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url).map_err(|e| {
            format!("--smtp-url: \"{}\" is not an SMTP URL ({e}); use smtps://USER:PASSWORD@HOST:465 or smtp://HOST:25", redact(url))
        })?;
        // As many connections as the dispatcher sends at once: each send waits on the server's
        // replies (and lettre's small writes on TCP acknowledgements), so sends overlap.
        let pool = lettre::transport::smtp::PoolConfig::new()
            .max_size(super::dispatch::CONCURRENCY as u32);
        Ok(Mailer {
            transport: builder
                .timeout(Some(std::time::Duration::from_secs(20)))
                .pool_config(pool)
                .build(),
        })
    }

    /// Sends one message; the error is the SMTP server's answer or the connection's failure.
    pub async fn send(&self, message: Message) -> Result<(), String> {
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// The URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://…{}", &url[..scheme], &url[at..]),
        _ => url.to_string(),
    }
}

/// `List-Unsubscribe: <URL>` (RFC 2369).
#[derive(Debug, Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(s.trim_matches(['<', '>']).to_string()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), format!("<{}>", self.0))
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058).
#[derive(Debug, Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribePost)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_string())
    }
}

/// One email to build.
pub struct Email<'a> {
    /// The sender's name and address.
    pub from: (&'a str, &'a str),
    /// Where replies go.
    pub reply_to: Option<&'a str>,
    /// The patient's preferred name and address.
    pub to: (&'a str, &'a str),
    /// The subject line.
    pub subject: &'a str,
    /// The plain-text body (the unsubscribe line is added here).
    pub body: &'a str,
    /// `<id@domain>`, stable for this message.
    pub message_id: String,
    /// The one-click unsubscribe address.
    pub unsubscribe: &'a str,
    /// The unsubscribe line's words, in the patient's language.
    pub unsubscribe_words: &'a str,
    /// The calendar file and its METHOD, for messages about the visit's time.
    pub calendar: Option<(String, &'static str)>,
}

/// The MIME message; the error names what was wrong (an address that is not one).
pub fn build(email: Email<'_>) -> Result<Message, String> {
    let address = |a: &str| {
        a.parse::<lettre::Address>()
            .map_err(|e| format!("\"{a}\" is not an email address ({e})"))
    };
    let mut builder = Message::builder()
        .from(Mailbox::new(
            Some(email.from.0.to_string()),
            address(email.from.1)?,
        ))
        .to(Mailbox::new(
            Some(email.to.0.to_string()),
            address(email.to.1)?,
        ))
        .subject(email.subject)
        .message_id(Some(email.message_id))
        .header(ListUnsubscribe(email.unsubscribe.to_string()))
        .header(ListUnsubscribePost);
    if let Some(reply_to) = email.reply_to {
        builder = builder.reply_to(Mailbox::new(None, address(reply_to)?));
    }
    let text = format!(
        "{}\n--\n{}\n{}\n",
        email.body, email.unsubscribe_words, email.unsubscribe
    );
    let plain = SinglePart::plain(text);
    let message = match email.calendar {
        Some((ics, method)) => {
            let kind =
                ContentType::parse(&format!("text/calendar; charset=utf-8; method={method}"))
                    .map_err(|e| e.to_string())?;
            builder.multipart(
                MultiPart::mixed()
                    .singlepart(plain)
                    .singlepart(Attachment::new("visit.ics".to_string()).body(ics, kind)),
            )
        }
        None => builder.singlepart(plain),
    };
    message.map_err(|e| e.to_string())
}
