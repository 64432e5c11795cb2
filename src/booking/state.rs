//! The booking flow's state: every answer the patient gave, which step they are on, and where
//! the booking request stands. Plain data and an [`Action`] enum, no DOM: the step components
//! only show this state and send actions, so nothing typed is lost when a step goes away.

use std::rc::Rc;

use chrono::NaiveDate;
use portal_core::api::{
    Appointment, Catalog, ContactBy, FieldError, LocationId, OpenSlot, PatientDetails, ProviderId,
    VisitTypeId,
};
use portal_core::patient::Patient;
use yew::Reducible;

use crate::i18n::Language;

/// A step of the flow, in order; the first five are counted in "Step 2 of 5".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Step {
    /// What is the visit for?
    #[default]
    Visit = 1,
    /// Who and where?
    Who,
    /// When?
    When,
    /// About you.
    About,
    /// Check everything, then book.
    Review,
    /// The visit is booked.
    Booked,
}

impl Step {
    /// The step's name in `view-changed` events to the page.
    pub fn name(self) -> &'static str {
        match self {
            Step::Visit => "visit_type",
            Step::Who => "provider",
            Step::When => "time",
            Step::About => "details",
            Step::Review => "review",
            Step::Booked => "booked",
        }
    }

    /// The step after this one.
    pub fn next(self) -> Step {
        match self {
            Step::Visit => Step::Who,
            Step::Who => Step::When,
            Step::When => Step::About,
            Step::About => Step::Review,
            Step::Review | Step::Booked => Step::Booked,
        }
    }

    /// The step before this one.
    pub fn back(self) -> Step {
        match self {
            Step::Visit | Step::Who => Step::Visit,
            Step::When => Step::Who,
            Step::About => Step::When,
            Step::Review | Step::Booked => Step::About,
        }
    }
}

/// One answer on the "About you" step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Full name.
    Name,
    /// What they like to be called.
    Preferred,
    /// Month of birth.
    Month,
    /// Day of birth.
    Day,
    /// Year of birth.
    Year,
    /// Phone.
    Phone,
    /// Email.
    Email,
    /// Why they want to come in.
    Reason,
    /// Language they need an interpreter for.
    Interpreter,
    /// Anything else the clinic should know.
    Notes,
}

impl Field {
    /// The field's path in the API's errors (`patient.date_of_birth` for all three birth fields).
    pub fn path(self) -> &'static str {
        match self {
            Field::Name => "patient.name",
            Field::Preferred => "patient.preferred_name",
            Field::Month | Field::Day | Field::Year => "patient.date_of_birth",
            Field::Phone => "patient.phone",
            Field::Email => "patient.email",
            Field::Reason => "patient.reason",
            Field::Interpreter => "patient.interpreter_language",
            Field::Notes => "patient.accessibility_notes",
        }
    }

    /// The field whose error an API path belongs to (the month for a date of birth).
    pub fn from_path(path: &str) -> Option<Field> {
        FIELDS.iter().copied().find(|f| f.path() == path)
    }
}

/// Every field, in form order.
pub const FIELDS: [Field; 10] = [
    Field::Name,
    Field::Preferred,
    Field::Month,
    Field::Day,
    Field::Year,
    Field::Phone,
    Field::Email,
    Field::Reason,
    Field::Interpreter,
    Field::Notes,
];

/// Why the last booking attempt did not book.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// Nothing reached the clinic, or no answer came back: retry with the same key.
    Network,
    /// Someone booked the time first; these times are still open.
    SlotTaken {
        /// The time the patient wanted (its start, provider and location).
        taken: OpenSlot,
        /// Other open times, earliest first.
        alternatives: Vec<OpenSlot>,
    },
    /// The time can no longer be booked online (too soon or too far ahead).
    NotBookable,
    /// The patient already has as many visits booked as the clinic allows.
    TooManyBookings,
    /// Too many tries in a short time.
    RateLimited,
    /// The patient already has a visit that day: book this one too, or change that one.
    SameDay,
    /// Anything else.
    Other,
}

/// Where the booking request stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Sending {
    /// Not sent yet.
    #[default]
    Idle,
    /// On its way.
    Sending,
    /// It did not book.
    Failed(Failure),
}

/// Everything the booking flow knows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BookingState {
    /// The step on screen.
    pub step: Step,
    /// Visit type id.
    pub visit_type: Option<VisitTypeId>,
    /// Whether the chosen visit type takes new patients.
    pub visit_takes_new: bool,
    /// `Some(true)` for a first visit to this clinic.
    pub new_patient: Option<bool>,
    /// Provider id; `None` is "first available".
    pub provider: Option<ProviderId>,
    /// Location id; `None` is "any office".
    pub location: Option<LocationId>,
    /// The chosen open time.
    pub slot: Option<OpenSlot>,
    /// The "About you" answers, indexed by [`Field`] (as typed).
    pub answers: [String; 10],
    /// How the patient wants to hear about the visit; `None` until they choose.
    pub contact_by: Option<ContactBy>,
    /// Whether the answers passed the checks since they last changed.
    pub details_ok: bool,
    /// Problems to show next to the fields, in form order.
    pub errors: Vec<FieldError>,
    /// How many times "Continue" found problems or a booking failed (the error summary, or the
    /// failure's message, takes focus each time).
    pub tries: u32,
    /// Whether "Continue" was pressed on the first step with something missing.
    pub asked: bool,
    /// Where the booking request stands.
    pub sending: Sending,
    /// The patient heard of their other visit that day and wants this one too.
    pub also_same_day: bool,
    /// How many booking requests were started (the request goes out when this changes).
    pub attempts: u32,
    /// The Idempotency-Key of an attempt whose answer never came: a retry sends it again.
    pub key: Option<String>,
    /// The booked visit.
    pub booked: Option<Rc<Appointment>>,
}

/// What the patient or the server did.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Picked a visit type.
    VisitType {
        /// Its id.
        id: VisitTypeId,
        /// Whether it takes new patients.
        takes_new: bool,
        /// Whether the chosen provider offers it.
        provider_offers: bool,
    },
    /// Said whether this is their first visit.
    NewPatient(bool),
    /// Picked a provider, or first available.
    Provider(Option<ProviderId>),
    /// Picked an office, or any.
    Location(Option<LocationId>),
    /// Pressed "Continue" on the first two steps.
    Continue,
    /// Pressed "Back".
    Back,
    /// Pressed "Change" on the review step.
    Change(Step),
    /// Picked an open time (on the time step, or an alternative after it was taken).
    Slot(OpenSlot),
    /// Typed in a field.
    Type(Field, String),
    /// Chose how to hear about the visit: text, email, both or neither.
    ContactBy(ContactBy),
    /// Pressed "Continue" on "About you": check the answers as of `today`.
    CheckDetails {
        /// The patient's today.
        today: NaiveDate,
        /// The language for the problems' words.
        lang: Language,
    },
    /// Pressed "Book this visit": a request goes out.
    Book {
        /// A new Idempotency-Key, used unless an earlier attempt never got an answer (then
        /// that attempt's key is sent again, so the clinic books it at most once).
        fresh: String,
    },
    /// Told of a visit that day, pressed "Book this one too".
    BookAlso {
        /// A new Idempotency-Key, as for `Book`.
        fresh: String,
    },
    /// The clinic booked it.
    Booked(Rc<Appointment>),
    /// The clinic said the answers need fixing (a 422 with fields).
    Rejected(Vec<FieldError>),
    /// It did not book.
    Failed(Failure),
}

impl BookingState {
    /// A booking that starts with visit type `id` chosen, at the next step ("Book your
    /// follow-up" from the instructions: the patient has been to this clinic). `None` when the
    /// catalog has no such visit type: the flow then starts as usual.
    pub fn starting_with(catalog: &Catalog, id: &str) -> Option<BookingState> {
        let visit = catalog.visit_types.iter().find(|v| v.id == id)?;
        Some(BookingState {
            step: Step::Who,
            visit_type: Some(visit.id.clone()),
            visit_takes_new: visit.new_patients,
            new_patient: Some(false),
            ..BookingState::default()
        })
    }

    /// Everything needed to book is answered and checked.
    pub fn complete(&self) -> bool {
        self.visit_type.is_some()
            && self.new_patient.is_some()
            && self.slot.is_some()
            && self.details_ok
    }

    /// A new patient picked a visit type that is only for patients who have been here before.
    pub fn returning_only(&self) -> bool {
        self.visit_type.is_some() && self.new_patient == Some(true) && !self.visit_takes_new
    }

    /// The date of birth as the API wants it, `YYYY-MM-DD`, from the three fields.
    pub fn date_of_birth(&self) -> String {
        crate::components::birth_date::iso(
            self.answer(Field::Month),
            self.answer(Field::Day),
            self.answer(Field::Year),
        )
    }

    /// What the patient typed in `field`.
    pub fn answer(&self, field: Field) -> &str {
        &self.answers[field as usize]
    }

    /// The answers in the API's shape.
    pub fn details(&self) -> PatientDetails {
        let a = |f| self.answer(f).to_string();
        PatientDetails {
            name: a(Field::Name),
            preferred_name: a(Field::Preferred),
            date_of_birth: self.date_of_birth(),
            phone: a(Field::Phone),
            email: a(Field::Email),
            reason: a(Field::Reason),
            interpreter_language: a(Field::Interpreter),
            accessibility_notes: a(Field::Notes),
        }
    }

    /// Every problem at once: the details', then what the chosen way of contact needs.
    fn check_details(
        &self,
        today: NaiveDate,
    ) -> Result<(), Vec<portal_core::patient::FieldProblem>> {
        let details = self.details();
        let mut problems = Patient::parse(&details, today).err().unwrap_or_default();
        problems.extend(portal_core::patient::contact_problems(
            self.contact_by,
            &details,
        ));
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// The problem shown next to `field`, if any.
    pub fn error(&self, field: Field) -> Option<&str> {
        let path = field.path();
        self.errors
            .iter()
            .find(|e| e.path == path)
            .map(|e| e.message.as_str())
    }

    /// Where to go after `step` is done: back to the review when everything is still answered
    /// (the patient came from "Change"), else the next step.
    fn after(&self, step: Step) -> Step {
        if self.complete() {
            Step::Review
        } else {
            step.next()
        }
    }

    /// Something the request depends on changed: a new attempt gets a new key.
    fn edited(&mut self) {
        self.key = None;
        self.sending = Sending::Idle;
    }

    fn reduce(&mut self, action: Action) {
        match action {
            Action::VisitType {
                id,
                takes_new,
                provider_offers,
            } => {
                if self.visit_type.as_ref() != Some(&id) {
                    // Open times belong to one visit type.
                    self.slot = None;
                    if !provider_offers {
                        self.provider = None;
                        self.location = None;
                    }
                }
                self.visit_type = Some(id);
                self.visit_takes_new = takes_new;
                self.edited();
            }
            Action::NewPatient(new) => {
                self.new_patient = Some(new);
                self.edited();
            }
            Action::Provider(provider) => {
                if provider.is_some()
                    && self.slot.as_ref().map(|s| &s.provider) != provider.as_ref()
                {
                    self.slot = None;
                }
                // The office list depends on the provider.
                self.location = None;
                self.provider = provider;
                self.edited();
            }
            Action::Location(location) => {
                if location.is_some()
                    && self.slot.as_ref().map(|s| &s.location) != location.as_ref()
                {
                    self.slot = None;
                }
                self.location = location;
                self.edited();
            }
            Action::Continue => match self.step {
                Step::Visit
                    if self.visit_type.is_none()
                        || self.new_patient.is_none()
                        || self.returning_only() =>
                {
                    self.asked = true;
                }
                step @ (Step::Visit | Step::Who) => {
                    self.asked = false;
                    self.step = self.after(step);
                }
                _ => {}
            },
            // A booked visit is changed from its manage link, not by going back.
            Action::Back if self.step != Step::Booked => self.step = self.step.back(),
            Action::Change(step) if self.step != Step::Booked => self.step = step,
            Action::Back | Action::Change(_) => {}
            Action::Slot(slot) => {
                self.slot = Some(slot);
                self.also_same_day = false;
                self.edited();
                self.step = self.after(Step::When);
            }
            Action::Type(field, value) => {
                self.answers[field as usize] = value;
                self.details_ok = false;
                self.edited();
            }
            Action::ContactBy(way) => {
                self.contact_by = Some(way);
                self.details_ok = false;
                self.edited();
            }
            Action::CheckDetails { today, lang } => match self.check_details(today) {
                Ok(_) => {
                    self.errors.clear();
                    self.details_ok = true;
                    self.step = self.after(Step::About);
                }
                Err(problems) => {
                    self.errors = problems
                        .into_iter()
                        .map(|p| FieldError {
                            path: p.path.into(),
                            message: p.problem.message(lang).into(),
                        })
                        .collect();
                    self.details_ok = false;
                    self.tries += 1;
                }
            },
            Action::BookAlso { fresh } => {
                self.also_same_day = true;
                self.reduce(Action::Book { fresh });
            }
            Action::Book { fresh } => {
                if self.complete() && self.sending != Sending::Sending {
                    self.key = Some(self.key.take().unwrap_or(fresh));
                    self.sending = Sending::Sending;
                    self.attempts += 1;
                }
            }
            Action::Booked(appointment) => {
                self.key = None;
                self.sending = Sending::Idle;
                self.booked = Some(appointment);
                self.step = Step::Booked;
            }
            Action::Rejected(errors) => {
                // The clinic's checks found something ours did not: show it on "About you".
                self.key = None;
                self.sending = Sending::Idle;
                self.errors = errors;
                self.details_ok = false;
                self.tries += 1;
                self.step = Step::About;
            }
            Action::Failed(failure) => {
                if failure != Failure::Network {
                    // The clinic answered: this attempt is over, the next one is new.
                    self.key = None;
                }
                if matches!(failure, Failure::SlotTaken { .. }) {
                    // The lost time leaves the review until a new one is picked.
                    self.slot = None;
                }
                self.sending = Sending::Failed(failure);
                // The message takes focus (and so comes into view), like the error summary.
                self.tries += 1;
            }
        }
    }
}

impl Reducible for BookingState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        next.reduce(action);
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(start: &str, provider: &str, location: &str) -> OpenSlot {
        OpenSlot {
            start: start.into(),
            clinic_start: String::new(),
            end: start.replace(":30", ":50"),
            provider: provider.into(),
            location: location.into(),
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn run(state: BookingState, actions: impl IntoIterator<Item = Action>) -> BookingState {
        actions.into_iter().fold(state, |mut s, a| {
            s.reduce(a);
            s
        })
    }

    fn sick_visit() -> Action {
        Action::VisitType {
            id: "sick-visit".into(),
            takes_new: true,
            provider_offers: true,
        }
    }

    fn typed() -> Vec<Action> {
        vec![
            Action::Type(Field::Name, "Rosa María Díaz".into()),
            Action::Type(Field::Month, "4".into()),
            Action::Type(Field::Day, "17".into()),
            Action::Type(Field::Year, "1961".into()),
            Action::Type(Field::Phone, "(555) 010-4477".into()),
            Action::Type(Field::Reason, "Cough for a week".into()),
        ]
    }

    /// A patient who answered everything and is on the review step.
    fn at_review() -> BookingState {
        let mut actions = vec![
            sick_visit(),
            Action::NewPatient(false),
            Action::Continue,
            Action::Continue,
            Action::Slot(slot("2026-11-25T14:30:00Z", "dr-lopez", "downtown")),
        ];
        actions.extend(typed());
        actions.push(Action::CheckDetails {
            today: today(),
            lang: Language::En,
        });
        run(BookingState::default(), actions)
    }

    #[test]
    fn a_patient_walks_through_the_steps_in_order() {
        let s = run(
            BookingState::default(),
            [sick_visit(), Action::NewPatient(true), Action::Continue],
        );
        assert_eq!(s.step, Step::Who);
        let s = run(s, [Action::Continue]);
        assert_eq!(s.step, Step::When);
        let s = run(
            s,
            [Action::Slot(slot(
                "2026-11-25T14:30:00Z",
                "dr-lopez",
                "downtown",
            ))],
        );
        assert_eq!(s.step, Step::About);
        let s = run(
            s,
            typed().into_iter().chain([Action::CheckDetails {
                today: today(),
                lang: Language::En,
            }]),
        );
        assert_eq!(s.step, Step::Review);
        assert!(s.complete());
        assert_eq!(s.details().date_of_birth, "1961-04-17");
    }

    #[test]
    fn asking_for_email_without_an_email_is_named_on_the_email_field_and_nothing_typed_is_lost() {
        let s = run(
            BookingState::default(),
            [
                sick_visit(),
                Action::NewPatient(true),
                Action::Continue,
                Action::Continue,
            ],
        );
        let s = run(
            s,
            [Action::Slot(slot(
                "2026-11-25T14:30:00Z",
                "dr-lopez",
                "downtown",
            ))],
        );
        let s = run(
            s,
            typed().into_iter().chain([
                Action::ContactBy(ContactBy::Email),
                Action::CheckDetails {
                    today: today(),
                    lang: Language::Es,
                },
            ]),
        );
        assert_eq!(s.step, Step::About, "stays to fix it");
        assert_eq!(
            s.error(Field::Email),
            Some("Para recibir correos, escriba su correo electrónico.")
        );
        assert_eq!(s.answer(Field::Phone), "(555) 010-4477");
        let s = run(
            s,
            [
                Action::Type(Field::Email, "rosa@example.com".into()),
                Action::CheckDetails {
                    today: today(),
                    lang: Language::En,
                },
            ],
        );
        assert_eq!(s.step, Step::Review);
        assert_eq!(s.contact_by, Some(ContactBy::Email));
    }

    #[test]
    fn continue_without_a_visit_type_stays_and_asks() {
        let s = run(
            BookingState::default(),
            [Action::NewPatient(false), Action::Continue],
        );
        assert_eq!(s.step, Step::Visit);
        assert!(s.asked);
    }

    #[test]
    fn a_new_patient_cannot_go_on_with_a_visit_for_returning_patients() {
        let follow_up = Action::VisitType {
            id: "follow-up".into(),
            takes_new: false,
            provider_offers: true,
        };
        let s = run(
            BookingState::default(),
            [follow_up, Action::NewPatient(true), Action::Continue],
        );
        assert!(s.returning_only());
        assert_eq!(s.step, Step::Visit);
        let s = run(s, [sick_visit(), Action::Continue]);
        assert!(!s.returning_only());
        assert_eq!(s.step, Step::Who);
    }

    #[test]
    fn change_from_review_keeps_every_answer_and_comes_back_to_review() {
        let s = at_review();
        let s = run(s, [Action::Change(Step::Visit)]);
        assert_eq!(s.step, Step::Visit);
        let s = run(s, [Action::NewPatient(true), Action::Continue]);
        assert_eq!(s.step, Step::Review, "nothing else needs answering");
        assert_eq!(s.answer(Field::Name), "Rosa María Díaz");
        assert!(s.slot.is_some());

        let s = run(s, [Action::Change(Step::About), Action::Back, Action::Back]);
        assert_eq!(s.step, Step::Who);
        assert_eq!(s.answer(Field::Reason), "Cough for a week");
    }

    #[test]
    fn changing_the_visit_type_asks_for_a_new_time_but_keeps_the_details() {
        let s = run(at_review(), [Action::Change(Step::Visit)]);
        let check_up = Action::VisitType {
            id: "check-up".into(),
            takes_new: true,
            provider_offers: true,
        };
        let s = run(s, [check_up, Action::Continue]);
        assert_eq!(s.step, Step::Who);
        assert_eq!(s.slot, None);
        let s = run(
            s,
            [
                Action::Continue,
                Action::Slot(slot("2026-11-26T15:30:00Z", "dr-chen", "downtown")),
            ],
        );
        assert_eq!(s.step, Step::Review, "the details were already checked");
        assert_eq!(s.answer(Field::Phone), "(555) 010-4477");
    }

    #[test]
    fn picking_another_provider_drops_a_time_with_someone_else() {
        let s = run(
            at_review(),
            [
                Action::Change(Step::Who),
                Action::Provider(Some("dr-chen".into())),
            ],
        );
        assert_eq!(s.slot, None);
        let s = run(s, [Action::Continue]);
        assert_eq!(s.step, Step::When);

        let s = run(
            at_review(),
            [
                Action::Change(Step::Who),
                Action::Provider(Some("dr-lopez".into())),
                Action::Continue,
            ],
        );
        assert_eq!(s.step, Step::Review, "the time is with the same provider");
    }

    #[test]
    fn problems_are_kept_with_their_fields_in_plain_words() {
        let s = run(
            BookingState::default(),
            [
                Action::Type(Field::Month, "2".into()),
                Action::Type(Field::Day, "30".into()),
                Action::Type(Field::Year, "1961".into()),
                Action::CheckDetails {
                    today: today(),
                    lang: Language::En,
                },
            ],
        );
        assert_eq!(s.tries, 1);
        assert_eq!(
            s.error(Field::Month),
            Some("This date doesn't look right. Try month/day/year, like 04/17/1961.")
        );
        assert_eq!(s.error(Field::Name), Some("Please write your full name."));
        assert_eq!(s.answer(Field::Day), "30", "what was typed stays");
        let s = run(
            s,
            [Action::CheckDetails {
                today: today(),
                lang: Language::Es,
            }],
        );
        assert_eq!(s.tries, 2);
        assert_eq!(s.error(Field::Name), Some("Escriba su nombre completo."));
    }

    #[test]
    fn a_two_digit_year_asks_for_the_whole_year() {
        let s = run(
            BookingState::default(),
            [
                Action::Type(Field::Month, "4".into()),
                Action::Type(Field::Day, "17".into()),
                Action::Type(Field::Year, "61".into()),
                Action::CheckDetails {
                    today: today(),
                    lang: Language::En,
                },
            ],
        );
        assert_eq!(
            s.error(Field::Month),
            Some("Please write the whole year, like 1961.")
        );
        assert_eq!(s.answer(Field::Year), "61", "what was typed stays");
    }

    #[test]
    fn an_empty_date_of_birth_is_missing_not_malformed() {
        let s = BookingState::default();
        assert_eq!(s.date_of_birth(), "");
        let s = run(s, [Action::Type(Field::Year, "1961".into())]);
        assert_eq!(s.date_of_birth(), "1961--");
    }

    #[test]
    fn a_slot_taken_meanwhile_keeps_the_details_and_an_alternative_goes_back_to_review() {
        let s = run(at_review(), [Action::Book { fresh: "k1".into() }]);
        assert_eq!(s.sending, Sending::Sending);
        let taken = s.slot.clone().unwrap();
        let other = slot("2026-11-25T15:30:00Z", "dr-chen", "downtown");
        let s = run(
            s,
            [Action::Failed(Failure::SlotTaken {
                taken: taken.clone(),
                alternatives: vec![other.clone()],
            })],
        );
        assert_eq!(s.step, Step::Review);
        assert_eq!(
            s.key, None,
            "the clinic answered: the next attempt is a new one"
        );
        assert_eq!(s.answer(Field::Name), "Rosa María Díaz");
        assert_eq!(s.slot, None, "the lost time is no longer on the review");
        assert!(!s.complete(), "nothing to book until a new time is picked");

        let s = run(s, [Action::Slot(other.clone())]);
        assert_eq!(s.step, Step::Review);
        assert_eq!(s.slot, Some(other));
        assert_eq!(s.sending, Sending::Idle);
        let s = run(s, [Action::Book { fresh: "k2".into() }]);
        assert_eq!(s.key.as_deref(), Some("k2"));
    }

    #[test]
    fn a_retry_after_a_network_failure_sends_the_same_key() {
        let s = run(
            at_review(),
            [
                Action::Book { fresh: "k1".into() },
                Action::Failed(Failure::Network),
            ],
        );
        assert_eq!(s.sending, Sending::Failed(Failure::Network));
        let s = run(s, [Action::Book { fresh: "k2".into() }]);
        assert_eq!(s.key.as_deref(), Some("k1"));
        assert_eq!(s.attempts, 2);
    }

    #[test]
    fn a_new_attempt_after_a_change_gets_a_new_key() {
        let s = run(
            at_review(),
            [
                Action::Book { fresh: "k1".into() },
                Action::Failed(Failure::Network),
            ],
        );
        let s = run(
            s,
            [
                Action::Change(Step::About),
                Action::Type(Field::Email, "rosa@example.com".into()),
            ],
        );
        let s = run(
            s,
            [
                Action::CheckDetails {
                    today: today(),
                    lang: Language::En,
                },
                Action::Book { fresh: "k2".into() },
            ],
        );
        assert_eq!(s.step, Step::Review);
        assert_eq!(s.key.as_deref(), Some("k2"));
    }

    #[test]
    fn booking_twice_while_sending_sends_once() {
        let s = run(
            at_review(),
            [
                Action::Book { fresh: "k1".into() },
                Action::Book { fresh: "k2".into() },
            ],
        );
        assert_eq!(s.attempts, 1);
        assert_eq!(s.key.as_deref(), Some("k1"));
    }

    #[test]
    fn nothing_is_sent_before_every_answer_is_checked() {
        let s = run(
            BookingState::default(),
            [sick_visit(), Action::Book { fresh: "k1".into() }],
        );
        assert_eq!(s.attempts, 0);
        assert_eq!(s.sending, Sending::Idle);
    }

    #[test]
    fn the_clinics_field_problems_send_the_patient_back_to_about_you() {
        let s = run(at_review(), [Action::Book { fresh: "k1".into() }]);
        let s = run(
            s,
            [Action::Rejected(vec![FieldError {
                path: "patient.email".into(),
                message: "Check this email.".into(),
            }])],
        );
        assert_eq!(s.step, Step::About);
        assert_eq!(s.error(Field::Email), Some("Check this email."));
        assert_eq!(s.key, None);
        assert!(!s.complete());
    }

    #[test]
    fn booked_shows_the_confirmation() {
        let s = run(at_review(), [Action::Book { fresh: "k1".into() }]);
        let appointment = Appointment {
            id: "a1".into(),
            status: portal_core::api::AppointmentStatus::Booked,
            clinic: "maple-grove".into(),
            visit_type: "sick-visit".into(),
            provider: "dr-lopez".into(),
            location: "downtown".into(),
            start: "2026-11-25T14:30:00Z".into(),
            clinic_start: "2026-11-25T09:30:00-05:00".into(),
            end: "2026-11-25T14:50:00Z".into(),
            timezone: "America/New_York".into(),
            preferred_name: "Rosa".into(),
            manage_token: Some("t".into()),
        };
        let s = run(s, [Action::Booked(Rc::new(appointment))]);
        assert_eq!(s.step, Step::Booked);
        assert_eq!(s.key, None);
        let s = run(s, [Action::Change(Step::Visit), Action::Back]);
        assert_eq!(
            s.step,
            Step::Booked,
            "a booked visit is changed from the manage link"
        );
    }

    #[test]
    fn every_field_maps_to_its_api_path_and_back() {
        for f in FIELDS {
            let back = Field::from_path(f.path()).unwrap();
            assert_eq!(back.path(), f.path());
        }
        assert_eq!(
            Field::from_path("patient.date_of_birth"),
            Some(Field::Month)
        );
        assert_eq!(Field::from_path("visit_type"), None);
    }
}
