//! Feedback: every query of `feedback`, `follow_ups`, `feedback_dismissals`,
//! `feedback_links`, `you_said_we_did` and `funnel_counts`, and the counts behind the clinic's
//! numbers.

use chrono::{DateTime, Utc};
use portal_core::api::feedback::{ContactWay, FeedbackStatus, FollowUpState, Moment, Reason};
use portal_core::Language;

use super::packets;
use super::{Conn, MaybeWord, Pool};
use crate::booking::{from_epoch, rfc3339};
use crate::feedback::{Subject, Via, LINK_DAYS};

/// The visit a bearer token speaks for; none when the token is unknown, expired or revoked.
pub async fn subject_of(
    conn: &mut Conn,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<Subject>, sqlx::Error> {
    let hash = crate::tokens::hash(token);
    let appointment: Option<(String, String, String, i64)> =
        sqlx::query_as("SELECT id, clinic_id, language, manage_expires_at FROM appointments WHERE manage_token_hash = $1")
            .bind(&hash)
            .fetch_optional(&mut *conn)
            .await?;
    if let Some((id, clinic_id, language, expires_at)) = appointment {
        let language = super::word(language)?;
        return Ok((now.timestamp() <= expires_at).then_some(Subject {
            clinic_id,
            appointment: Some(id),
            packet: None,
            via: Via::ManageToken,
            language,
        }));
    }
    if let Some((row, live)) = packets::by_session_hash(conn, &hash, now).await? {
        let open = live && row.state == "active" && row.expires_at > now.timestamp();
        let (appointment,): (Option<String>,) =
            sqlx::query_as("SELECT appointment_id FROM packets WHERE id = $1")
                .bind(row.id)
                .fetch_one(&mut *conn)
                .await?;
        return Ok(open.then_some(Subject {
            clinic_id: row.clinic_id,
            appointment,
            packet: Some(row.public_id),
            via: Via::PacketSession,
            language: row.language,
        }));
    }
    let link: Option<(String, String, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT a.id, a.clinic_id, a.language, l.expires_at, l.revoked_at
         FROM feedback_links l JOIN appointments a ON a.id = l.appointment_id WHERE l.link_hash = $1",
    )
    .bind(&hash)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((id, clinic_id, language, expires_at, revoked_at)) = link else {
        return Ok(None);
    };
    let language = super::word(language)?;
    Ok(
        (revoked_at.is_none() && expires_at > now.timestamp()).then_some(Subject {
            clinic_id,
            appointment: Some(id),
            packet: None,
            via: Via::FeedbackLink,
            language,
        }),
    )
}

/// A feedback's id and time, with its follow-up's due and resolved times.
type StatusRow = (String, i64, Option<i64>, Option<i64>);

/// What the subject sent at `moment`, with whether the clinic has handled it.
pub async fn status(
    conn: &mut Conn,
    subject: &Subject,
    moment: Moment,
) -> Result<Option<FeedbackStatus>, sqlx::Error> {
    let row: Option<StatusRow> = sqlx::query_as(
        "SELECT f.public_id, f.created_at, u.due_at, u.resolved_at
         FROM feedback f LEFT JOIN follow_ups u ON u.feedback_id = f.id
         WHERE f.moment = $1 AND (($2 IS NOT NULL AND f.appointment_id = $2) OR ($3 IS NOT NULL AND f.packet_id = $3))
         ORDER BY f.id LIMIT 1",
    )
    .bind(moment.as_str())
    .bind(&subject.appointment)
    .bind(&subject.packet)
    .fetch_optional(conn)
    .await?;
    let Some((id, created_at, due_at, resolved_at)) = row else {
        return Ok(None);
    };
    Ok(Some(FeedbackStatus {
        id,
        moment,
        sent_at: rfc3339(from_epoch(created_at)),
        follow_up: match (due_at, resolved_at) {
            (None, _) => FollowUpState::None,
            (Some(_), None) => FollowUpState::Open,
            (Some(_), Some(_)) => FollowUpState::Handled,
        },
        due_at: due_at.map(|t| rfc3339(from_epoch(t))),
        handled_at: resolved_at.map(|t| rfc3339(from_epoch(t))),
    }))
}

/// Whether the patient said "not now" for this subject and moment.
pub async fn dismissed(
    conn: &mut Conn,
    subject: &Subject,
    moment: Moment,
) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM feedback_dismissals WHERE subject = $1 AND moment = $2")
            .bind(subject.key())
            .bind(moment.as_str())
            .fetch_optional(conn)
            .await?;
    Ok(row.is_some())
}

/// The columns [`FollowUpRow`] reads, from `follow_ups u JOIN feedback f`.
pub const FOLLOW_UP_COLUMNS: &str = "u.id AS row_id, u.public_id, f.public_id AS feedback_id, f.moment, f.appointment_id,
    u.opened_at, u.due_at, u.reason, f.ease, f.overall, f.recommend, f.better, f.contact, f.contact_value, f.language,
    u.resolved_at, u.resolution_note,
    a.patient_name, COALESCE(a.preferred_name, p.preferred_name) AS preferred_name, a.phone AS phone_on_file,
    a.email AS email_on_file, a.start_at AS visit_start, a.provider_id AS visit_provider, a.visit_type_id AS visit_type";

/// The follow-ups joined with their feedback, and the visit and packet it was about (for the
/// patient's name and the phone and email on file).
const FOLLOW_UPS: &str = "follow_ups u JOIN feedback f ON f.id = u.feedback_id
    LEFT JOIN packets p ON p.public_id = f.packet_id
    LEFT JOIN appointments a ON a.id = COALESCE(f.appointment_id, p.appointment_id)";

/// One follow-up with the feedback that opened it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FollowUpRow {
    /// Internal id.
    pub row_id: i64,
    /// Public id.
    pub public_id: String,
    /// The feedback's public id.
    pub feedback_id: String,
    /// `after_booking` or `after_visit`.
    #[sqlx(try_from = "String")]
    pub moment: Moment,
    /// The appointment's public id.
    pub appointment_id: Option<String>,
    /// UTC seconds.
    pub opened_at: i64,
    /// UTC seconds.
    pub due_at: i64,
    /// Why it was opened.
    #[sqlx(try_from = "String")]
    pub reason: Reason,
    /// 1–5.
    pub ease: Option<i16>,
    /// 1–5.
    pub overall: Option<i16>,
    /// 0–10.
    pub recommend: Option<i16>,
    /// Free text.
    pub better: Option<String>,
    /// How they asked to be contacted, if they did.
    #[sqlx(try_from = "Option<String>")]
    pub contact: MaybeWord<ContactWay>,
    /// The number or email given.
    pub contact_value: Option<String>,
    /// `en` or `es`.
    #[sqlx(try_from = "String")]
    pub language: portal_core::Language,
    /// UTC seconds.
    pub resolved_at: Option<i64>,
    /// Staff's note.
    pub resolution_note: Option<String>,
    /// The patient's full name, from the visit.
    pub patient_name: Option<String>,
    /// The name they go by.
    pub preferred_name: Option<String>,
    /// The phone number they gave when booking.
    pub phone_on_file: Option<String>,
    /// The email they gave when booking.
    pub email_on_file: Option<String>,
    /// The visit's start, UTC seconds.
    pub visit_start: Option<i64>,
    /// The visit's provider.
    pub visit_provider: Option<String>,
    /// The visit's type.
    pub visit_type: Option<String>,
}

/// A new feedback link for a visit: the secret (shown once, in the link's fragment); only its
/// SHA-256 is kept. It works for [`LINK_DAYS`] days.
pub async fn new_link<'e, E>(
    executor: E,
    appointment: &str,
    now: DateTime<Utc>,
) -> Result<String, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let secret = crate::tokens::new_secret();
    sqlx::query("INSERT INTO feedback_links (link_hash, appointment_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(crate::tokens::hash(&secret))
        .bind(appointment)
        .bind(now.timestamp())
        .bind((now + chrono::Duration::days(LINK_DAYS)).timestamp())
        .execute(executor)
        .await?;
    Ok(secret)
}

/// A feedback as the patient sent it, checked.
pub struct NewFeedback<'a> {
    /// Its random public id.
    pub public_id: &'a str,
    /// The clinic.
    pub clinic: &'a str,
    /// When it was asked.
    pub moment: Moment,
    /// The visit, if any.
    pub appointment: Option<&'a str>,
    /// The packet's public id, if any.
    pub packet: Option<&'a str>,
    /// 1–5.
    pub ease: Option<u8>,
    /// 1–5.
    pub overall: Option<u8>,
    /// 0–10.
    pub recommend: Option<u8>,
    /// Free text.
    pub better: Option<&'a str>,
    /// How they asked to be contacted, if they did.
    pub contact: Option<ContactWay>,
    /// The number or email given.
    pub contact_value: Option<&'a str>,
    /// The patient's language.
    pub language: Language,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Keeps a feedback; `None` when the database refuses a second one for the same visit (or
/// packet) and moment. The transaction goes on either way.
pub async fn insert(conn: &mut Conn, f: &NewFeedback<'_>) -> Result<Option<i64>, sqlx::Error> {
    let mut savepoint = sqlx::Connection::begin(&mut *conn).await?;
    let inserted = sqlx::query_as::<_, (i64,)>(
        "INSERT INTO feedback (public_id, clinic_id, moment, appointment_id, packet_id, ease, overall, recommend, better,
            contact, contact_value, language, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(f.public_id)
    .bind(f.clinic)
    .bind(f.moment.as_str())
    .bind(f.appointment)
    .bind(f.packet)
    .bind(f.ease.map(i16::from))
    .bind(f.overall.map(i16::from))
    .bind(f.recommend.map(i16::from))
    .bind(f.better)
    .bind(f.contact.map(ContactWay::as_str))
    .bind(f.contact_value)
    .bind(f.language.code())
    .bind(f.at.timestamp())
    .fetch_one(&mut *savepoint)
    .await;
    match inserted {
        Ok((id,)) => {
            savepoint.commit().await?;
            Ok(Some(id))
        }
        Err(e) if matches!(&e, sqlx::Error::Database(db) if db.is_unique_violation()) => {
            savepoint.rollback().await?;
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// Opens the follow-up a feedback asked for, due at `due`.
pub async fn open_follow_up(
    conn: &mut Conn,
    feedback_row: i64,
    reason: Reason,
    now: DateTime<Utc>,
    due: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO follow_ups (public_id, feedback_id, reason, opened_at, due_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(crate::tokens::new_id())
        .bind(feedback_row)
        .bind(reason.as_str())
        .bind(now.timestamp())
        .bind(due.timestamp())
        .execute(conn)
        .await
        .map(|_| ())
}

/// Remembers "not now" for a subject and moment.
pub async fn dismiss(
    conn: &mut Conn,
    clinic: &str,
    subject: &Subject,
    moment: Moment,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO feedback_dismissals (clinic_id, subject, moment, at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
        .bind(clinic)
        .bind(subject.key())
        .bind(moment.as_str())
        .bind(now.timestamp())
        .execute(conn)
        .await
        .map(|_| ())
}

/// The visit behind a feedback link.
#[derive(Debug, sqlx::FromRow)]
pub struct LinkedVisit {
    /// The visit's id.
    pub appointment: String,
    /// Its clinic.
    pub clinic_id: String,
    /// The patient's preferred name.
    pub preferred_name: Option<String>,
    /// UTC seconds.
    pub start_at: i64,
    /// The patient's language.
    #[sqlx(try_from = "String")]
    pub language: portal_core::Language,
    /// When the link stops working, UTC seconds.
    pub expires_at: i64,
    /// When staff revoked it.
    pub revoked_at: Option<i64>,
}

/// The visit a feedback link's secret hash opens.
pub async fn linked_visit(
    conn: &mut Conn,
    link_hash: &str,
) -> Result<Option<LinkedVisit>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.id AS appointment, a.clinic_id, a.preferred_name, a.start_at, a.language, l.expires_at, l.revoked_at
         FROM feedback_links l JOIN appointments a ON a.id = l.appointment_id WHERE l.link_hash = $1",
    )
    .bind(link_hash)
    .fetch_optional(conn)
    .await
}

/// Counts one step of the booking funnel for a clinic-local day.
pub async fn count_funnel_step(
    db: &Pool,
    clinic: &str,
    day: &str,
    step: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO funnel_counts (clinic_id, day, step, count) VALUES ($1, $2, $3, 1)
         ON CONFLICT (clinic_id, day, step) DO UPDATE SET count = funnel_counts.count + 1",
    )
    .bind(clinic)
    .bind(day)
    .bind(step)
    .execute(db)
    .await
    .map(|_| ())
}

/// One "you said, we did" note.
#[derive(Debug, sqlx::FromRow)]
pub struct NoteRow {
    /// Its public id.
    pub public_id: String,
    /// UTC seconds.
    pub published_at: i64,
    /// In English.
    pub text_en: String,
    /// In Spanish, when given.
    pub text_es: Option<String>,
}

/// A clinic's newest notes.
pub async fn notes(db: &Pool, clinic: &str, limit: u32) -> Result<Vec<NoteRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT public_id, published_at, text_en, text_es FROM you_said_we_did WHERE clinic_id = $1
         ORDER BY published_at DESC, id DESC LIMIT $2",
    )
    .bind(clinic)
    .bind(i64::from(limit))
    .fetch_all(db)
    .await
}

/// Publishes a note.
pub async fn publish_note(
    conn: &mut Conn,
    public_id: &str,
    clinic: &str,
    now: DateTime<Utc>,
    en: &str,
    es: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO you_said_we_did (public_id, clinic_id, published_at, text_en, text_es) VALUES ($1, $2, $3, $4, $5)")
        .bind(public_id)
        .bind(clinic)
        .bind(now.timestamp())
        .bind(en)
        .bind(es)
        .execute(conn)
        .await
        .map(|_| ())
}

/// A clinic's open follow-ups by due time, and the `resolved` latest resolved ones.
pub async fn follow_ups(
    conn: &mut Conn,
    clinic: &str,
    resolved: i64,
) -> Result<(Vec<FollowUpRow>, Vec<FollowUpRow>), sqlx::Error> {
    let open = sqlx::query_as(&format!(
        "SELECT {FOLLOW_UP_COLUMNS} FROM {FOLLOW_UPS}
         WHERE f.clinic_id = $1 AND u.resolved_at IS NULL ORDER BY u.due_at, u.id"
    ))
    .bind(clinic)
    .fetch_all(&mut *conn)
    .await?;
    let done = sqlx::query_as(&format!(
        "SELECT {FOLLOW_UP_COLUMNS} FROM {FOLLOW_UPS}
         WHERE f.clinic_id = $1 AND u.resolved_at IS NOT NULL ORDER BY u.resolved_at DESC, u.id DESC LIMIT $2"
    ))
    .bind(clinic)
    .bind(resolved)
    .fetch_all(&mut *conn)
    .await?;
    Ok((open, done))
}

/// One follow-up of a clinic by its public id.
pub async fn follow_up(
    conn: &mut Conn,
    clinic: &str,
    id: &str,
) -> Result<Option<FollowUpRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {FOLLOW_UP_COLUMNS} FROM {FOLLOW_UPS} WHERE f.clinic_id = $1 AND u.public_id = $2"
    ))
    .bind(clinic)
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// Resolves a follow-up with staff's note, naming who did.
pub async fn resolve(
    conn: &mut Conn,
    row_id: i64,
    note: &str,
    by: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE follow_ups SET resolved_at = $1, resolution_note = $2, resolved_by = $3 WHERE id = $4 AND resolved_at IS NULL")
        .bind(now.timestamp())
        .bind(note)
        .bind(by)
        .bind(row_id)
        .execute(conn)
        .await
        .map(|_| ())
}

/// One feedback as staff read it.
#[derive(Debug, sqlx::FromRow)]
pub struct FeedbackRow {
    /// `after_booking` or `after_visit`.
    #[sqlx(try_from = "String")]
    pub moment: Moment,
    /// The visit, if any.
    pub appointment_id: Option<String>,
    /// The packet, if any.
    pub packet_id: Option<String>,
    /// 1–5.
    pub ease: Option<i16>,
    /// 1–5.
    pub overall: Option<i16>,
    /// 0–10.
    pub recommend: Option<i16>,
    /// Free text.
    pub better: Option<String>,
    /// How they asked to be contacted, if they did.
    #[sqlx(try_from = "Option<String>")]
    pub contact: MaybeWord<ContactWay>,
    /// The number or email given.
    pub contact_value: Option<String>,
    /// `en` or `es`.
    #[sqlx(try_from = "String")]
    pub language: portal_core::Language,
    /// UTC seconds.
    pub created_at: i64,
}

/// One feedback of a clinic by its public id.
pub async fn by_public_id(
    conn: &mut Conn,
    clinic: &str,
    id: &str,
) -> Result<Option<FeedbackRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT moment, appointment_id, packet_id, ease, overall, recommend, better, contact, contact_value, language, created_at
         FROM feedback WHERE clinic_id = $1 AND public_id = $2",
    )
    .bind(clinic)
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// One visit of a day as staff list it.
#[derive(Debug, sqlx::FromRow)]
pub struct DayVisitRow {
    /// The visit's id.
    pub id: String,
    /// UTC seconds.
    pub start_at: i64,
    /// Provider id.
    pub provider_id: String,
    /// Visit type id.
    pub visit_type_id: String,
    /// The patient's preferred name.
    pub preferred_name: Option<String>,
    /// `booked` or `cancelled`.
    #[sqlx(try_from = "String")]
    pub status: portal_core::api::AppointmentStatus,
    /// Whether the after-visit feedback came.
    #[sqlx(try_from = "super::Flag")]
    pub feedback_sent: bool,
}

/// A clinic's visits starting in `[from, to)`, earliest first.
pub async fn visits_between(
    conn: &mut Conn,
    clinic: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<DayVisitRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.id, a.start_at, a.provider_id, a.visit_type_id, a.preferred_name, a.status,
                CASE WHEN EXISTS (SELECT 1 FROM feedback f WHERE f.appointment_id = a.id AND f.moment = 'after_visit')
                     THEN 1 ELSE 0 END AS feedback_sent
         FROM appointments a WHERE a.clinic_id = $1 AND a.start_at >= $2 AND a.start_at < $3 ORDER BY a.start_at, a.id",
    )
    .bind(clinic)
    .bind(from.timestamp())
    .bind(to.timestamp())
    .fetch_all(conn)
    .await
}

/// A feedback's time (UTC seconds) and its ease, overall and recommend scores.
pub type ScoreRow = (i64, Option<i16>, Option<i16>, Option<i16>);

/// The counts behind a clinic's numbers, from `from` (UTC seconds; funnel days from
/// `first_day`) to now.
#[derive(Debug, Default)]
pub struct Counts {
    /// Funnel step -> count.
    pub funnel: Vec<(String, i64)>,
    /// Visits booked online.
    pub bookings: i64,
    /// Visits booked by staff.
    pub desk_bookings: i64,
    /// Visits whose time came in the period (not cancelled): start, visit type, no-show.
    pub attended: Vec<(i64, String, i64)>,
    /// Each feedback's time and scores.
    pub scores: Vec<ScoreRow>,
    /// Each follow-up's opened, due and resolved times.
    pub follow_ups: Vec<(i64, i64, Option<i64>)>,
    /// Messages by state.
    pub messages: Vec<(String, i64)>,
    /// Messages whose link was opened.
    pub links_opened: i64,
}

/// Reads [`Counts`] for a clinic.
pub async fn counts(
    conn: &mut Conn,
    clinic: &str,
    first_day: &str,
    last_day: &str,
    from: i64,
    now: DateTime<Utc>,
) -> Result<Counts, sqlx::Error> {
    let now = now.timestamp();
    let funnel = sqlx::query_as("SELECT step, CAST(SUM(count) AS BIGINT) FROM funnel_counts WHERE clinic_id = $1 AND day >= $2 AND day <= $3 GROUP BY step")
        .bind(clinic)
        .bind(first_day)
        .bind(last_day)
        .fetch_all(&mut *conn)
        .await?;
    let (bookings, desk_bookings): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(CASE WHEN source = 'web' THEN 1 END), COUNT(CASE WHEN source = 'desk' THEN 1 END)
         FROM appointments WHERE clinic_id = $1 AND created_at >= $2 AND created_at <= $3",
    )
    .bind(clinic)
    .bind(from)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    let attended = sqlx::query_as(
        "SELECT start_at, visit_type_id, CASE WHEN attendance = 'no_show' THEN 1 ELSE 0 END FROM appointments
         WHERE clinic_id = $1 AND status = 'booked' AND start_at >= $2 AND start_at <= $3",
    )
    .bind(clinic)
    .bind(from)
    .bind(now)
    .fetch_all(&mut *conn)
    .await?;
    let scores = sqlx::query_as("SELECT created_at, ease, overall, recommend FROM feedback WHERE clinic_id = $1 AND created_at >= $2 AND created_at <= $3")
        .bind(clinic)
        .bind(from)
        .bind(now)
        .fetch_all(&mut *conn)
        .await?;
    let follow_ups = sqlx::query_as(
        "SELECT u.opened_at, u.due_at, u.resolved_at FROM follow_ups u JOIN feedback f ON f.id = u.feedback_id
         WHERE f.clinic_id = $1 AND u.opened_at >= $2 AND u.opened_at <= $3",
    )
    .bind(clinic)
    .bind(from)
    .bind(now)
    .fetch_all(&mut *conn)
    .await?;
    let messages = sqlx::query_as("SELECT state, COUNT(*) FROM messages WHERE clinic_id = $1 AND due_at >= $2 AND due_at <= $3 GROUP BY state")
        .bind(clinic)
        .bind(from)
        .bind(now)
        .fetch_all(&mut *conn)
        .await?;
    let (links_opened,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM messages WHERE clinic_id = $1 AND due_at >= $2 AND due_at <= $3 AND opened_at IS NOT NULL")
        .bind(clinic)
        .bind(from)
        .bind(now)
        .fetch_one(&mut *conn)
        .await?;
    Ok(Counts {
        funnel,
        bookings,
        desk_bookings,
        attended,
        scores,
        follow_ups,
        messages,
        links_opened,
    })
}
