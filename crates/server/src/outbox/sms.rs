//! Text messages through an SMS provider's HTTP API, in the shape of Twilio's Messages API:
//! `POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json` with the form fields `To`,
//! `From` and `Body`, authenticated by HTTP Basic (account SID and auth token). Replies from
//! patients come to a webhook whose requests carry `X-Twilio-Signature`: base64 of HMAC-SHA1,
//! keyed by the auth token, over the webhook's full URL followed by every form field's name and
//! value, sorted by name.

use base64::Engine;
use hmac::{Hmac, Mac};

/// The SMS provider's account, from the command line.
#[derive(Clone)]
pub struct SmsClient {
    base: String,
    account: String,
    token: String,
    from: String,
    http: reqwest::Client,
}

impl std::fmt::Debug for SmsClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmsClient")
            .field("base", &self.base)
            .field("from", &self.from)
            .finish_non_exhaustive()
    }
}

/// Why a text did not go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SmsError {
    /// The provider refused this message for good (a number that cannot get texts, say).
    Refused(String),
    /// The provider or the network failed; try again later.
    Failed(String),
}

impl SmsClient {
    /// A client; every part is needed.
    pub fn new(base: &str, account: &str, token: &str, from: &str) -> Result<SmsClient, String> {
        let from = e164(from).ok_or_else(|| format!("--sms-from \"{from}\" is not a phone number; write it with the country code, like +15550102233"))?;
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(20))
            .build()
            .map_err(|e| format!("cannot set up the SMS client: {e}"))?;
        Ok(SmsClient {
            base: base.trim_end_matches('/').to_string(),
            account: account.to_string(),
            token: token.to_string(),
            from,
            http,
        })
    }

    /// The auth token, which also signs the provider's webhook requests.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// Sends one text to `to` (any way a US patient writes a number, or +E.164).
    pub async fn send(&self, to: &str, body: &str) -> Result<(), SmsError> {
        let to = e164(to).ok_or_else(|| {
            SmsError::Refused("the phone number is not one a text can go to".into())
        })?;
        let url = format!(
            "{}/2010-04-01/Accounts/{}/Messages.json",
            self.base, self.account
        );
        let response = self
            .http
            .post(url)
            .basic_auth(&self.account, Some(&self.token))
            .form(&[
                ("To", to.as_str()),
                ("From", self.from.as_str()),
                ("Body", body),
            ])
            .send()
            .await
            .map_err(|e| SmsError::Failed(format!("the SMS provider did not answer ({e})")))?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let detail: serde_json::Value = response.json().await.unwrap_or_default();
        let message = format!(
            "the SMS provider said {}: {}",
            status.as_u16(),
            detail["message"].as_str().unwrap_or("no reason given")
        );
        if status.is_server_error() || status.as_u16() == 429 {
            Err(SmsError::Failed(message))
        } else {
            Err(SmsError::Refused(message))
        }
    }
}

/// A phone number in E.164 (`+15550104477`): a `+` and its digits kept as written, or a US
/// number of 10 digits (or 11 starting with 1).
pub fn e164(number: &str) -> Option<String> {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    if number.trim_start().starts_with('+') {
        return (8..=15)
            .contains(&digits.len())
            .then(|| format!("+{digits}"));
    }
    match digits.len() {
        10 => Some(format!("+1{digits}")),
        11 if digits.starts_with('1') => Some(format!("+{digits}")),
        _ => None,
    }
}

/// The signature the provider puts on a webhook request to `url` with these form fields.
pub fn signature(token: &str, url: &str, fields: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = fields.iter().collect();
    sorted.sort();
    let mut data = url.to_string();
    for (name, value) in sorted {
        data.push_str(name);
        data.push_str(value);
    }
    // HMAC takes keys of any length, so this cannot fail.
    let mut mac = <Hmac<sha1::Sha1> as Mac>::new_from_slice(token.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    mac.update(data.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// True when `given` is the signature of this request (compared in constant time).
pub fn verify(token: &str, url: &str, fields: &[(String, String)], given: &str) -> bool {
    let expected = signature(token, url, fields);
    expected.len() == given.len()
        && expected
            .bytes()
            .zip(given.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// What a patient's reply asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply {
    /// No more texts.
    Stop,
    /// Texts again.
    Start,
    /// Who is this, and how to get help.
    Help,
    /// Anything else.
    Other,
}

/// Reads a reply's keyword the way carriers do (one word, any case), and whether it was a
/// Spanish word (then the answer is in Spanish).
pub fn keyword(body: &str) -> (Reply, bool) {
    match body.trim().to_uppercase().as_str() {
        "STOP" | "STOPALL" | "UNSUBSCRIBE" | "CANCEL" | "END" | "QUIT" => (Reply::Stop, false),
        "PARAR" | "ALTO" | "CANCELAR" => (Reply::Stop, true),
        "START" | "YES" | "UNSTOP" => (Reply::Start, false),
        "COMENZAR" | "SI" | "SÍ" => (Reply::Start, true),
        "HELP" | "INFO" => (Reply::Help, false),
        "AYUDA" => (Reply::Help, true),
        _ => (Reply::Other, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_become_e164_and_others_are_refused() {
        assert_eq!(e164("(555) 010-4477").as_deref(), Some("+15550104477"));
        assert_eq!(e164("1-555-010-4477").as_deref(), Some("+15550104477"));
        assert_eq!(e164("+44 20 7946 0958").as_deref(), Some("+442079460958"));
        assert_eq!(e164("010-4477"), None);
    }

    #[test]
    fn the_signature_is_the_one_twilio_documents() {
        // The example of Twilio's "Validating requests" documentation.
        let fields: Vec<(String, String)> = [
            ("CallSid", "CA1234567890ABCDE"),
            ("Caller", "+14158675310"),
            ("Digits", "1234"),
            ("From", "+14158675310"),
            ("To", "+18005551212"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        assert_eq!(
            signature("12345", url, &fields),
            "GvWf1cFY/Q7PnoempGyD5oXAezc="
        );
        assert!(verify(
            "12345",
            url,
            &fields,
            "GvWf1cFY/Q7PnoempGyD5oXAezc="
        ));
        assert!(!verify(
            "12345",
            url,
            &fields,
            "GvWf1cFY/Q7PnoempGyD5oXAezx="
        ));
    }

    #[test]
    fn replies_are_read_like_carriers_read_them() {
        assert_eq!(keyword(" stop "), (Reply::Stop, false));
        assert_eq!(keyword("Start"), (Reply::Start, false));
        assert_eq!(keyword("help"), (Reply::Help, false));
        assert_eq!(keyword("Parar"), (Reply::Stop, true));
        assert_eq!(keyword("ayuda"), (Reply::Help, true));
        assert_eq!(keyword("sí"), (Reply::Start, true));
        assert_eq!(keyword("see you then"), (Reply::Other, false));
    }
}
