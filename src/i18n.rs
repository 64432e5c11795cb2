//! Every patient-facing sentence, in English and Spanish (see shared/VOICE.md).
//! Dates and times are not here: the browser's `Intl` API formats them in the patient's language.
//! Problems with what the patient typed come from `portal_core::patient::Problem::message`, so
//! the widget and the server say the same words.

/// A language the widget speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Spanish.
    Es,
}

impl Lang {
    /// `es…` is Spanish; anything else is English.
    pub fn from_code(code: &str) -> Self {
        if code.to_ascii_lowercase().starts_with("es") {
            Lang::Es
        } else {
            Lang::En
        }
    }

    /// The BCP 47 tag for `lang` attributes and `Intl`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en-US",
            Lang::Es => "es-US",
        }
    }

    /// The short code used by the API's texts.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
        }
    }
}

/// A message key; [`text`] gives its words. `{}` marks where [`fill`] puts a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(strum::EnumIter))]
pub enum Msg {
    /// Shown while the clinic's details load.
    Loading,
    /// Label before the clinic's phone number.
    CallUs,
    /// The clinic could not be reached.
    CantReachClinic,
    /// Button to try again.
    TryAgain,
    /// The page is not allowed to show the widget (not in the clinic's `embed_origins`).
    CantBookHere,
    /// "Step 2 of 5: Who and where?"
    #[cfg(any(feature = "booking", feature = "manage"))]
    StepOf,
    /// Step 1 heading.
    #[cfg(any(feature = "booking", feature = "manage"))]
    VisitTitle,
    /// Step 2 heading.
    #[cfg(any(feature = "booking", feature = "manage"))]
    WhoTitle,
    /// Step 3 heading.
    #[cfg(any(feature = "booking", feature = "manage"))]
    WhenTitle,
    /// Step 4 heading.
    #[cfg(any(feature = "booking", feature = "manage"))]
    AboutTitle,
    /// Step 5 heading.
    #[cfg(any(feature = "booking", feature = "manage"))]
    ReviewTitle,
    /// The confirmation's heading.
    #[cfg(any(feature = "booking", feature = "manage"))]
    BookedTitle,
    /// Button to the next step.
    #[cfg(any(feature = "booking", feature = "manage"))]
    Continue,
    /// Button to the step before.
    #[cfg(any(feature = "booking", feature = "manage"))]
    Back,
    /// Legend of the visit types.
    #[cfg(any(feature = "booking", feature = "manage"))]
    VisitTypeLegend,
    /// A visit's length.
    #[cfg(any(feature = "booking", feature = "manage"))]
    Minutes,
    /// Nothing picked in the visit types.
    #[cfg(any(feature = "booking", feature = "manage"))]
    PickVisitType,
    /// Legend of new or returning.
    #[cfg(any(feature = "booking", feature = "manage"))]
    BeenHereLegend,
    /// Returning patient.
    #[cfg(any(feature = "booking", feature = "manage"))]
    BeenHereYes,
    /// New patient.
    #[cfg(any(feature = "booking", feature = "manage"))]
    BeenHereNo,
    /// Nothing picked in new or returning.
    #[cfg(any(feature = "booking", feature = "manage"))]
    PickBeenHere,
    /// A new patient picked a visit for returning patients; `{}` is the phone.
    #[cfg(any(feature = "booking", feature = "manage"))]
    ReturningOnly,
    /// Legend of the providers.
    #[cfg(any(feature = "booking", feature = "manage"))]
    ProviderLegend,
    /// Any provider.
    #[cfg(any(feature = "booking", feature = "manage"))]
    FirstAvailable,
    /// What "first available" means.
    #[cfg(any(feature = "booking", feature = "manage"))]
    FirstAvailableHint,
    /// Languages a provider speaks; `{}` is the list.
    #[cfg(any(feature = "booking", feature = "manage"))]
    Speaks,
    /// Legend of the offices.
    #[cfg(any(feature = "booking", feature = "manage"))]
    LocationLegend,
    /// Any office.
    #[cfg(any(feature = "booking", feature = "manage"))]
    AnyOffice,
    /// Before the next open time.
    #[cfg(any(feature = "booking", feature = "manage"))]
    NextAvailable,
    /// Between a day and a time.
    At,
    /// Before a provider's name.
    #[cfg(any(feature = "booking", feature = "manage"))]
    With,
    /// A time in two zones; `{}` the patient's, `{}` the clinic's.
    YourTime,
    /// Heading of the days.
    #[cfg(any(feature = "booking", feature = "manage"))]
    PickDay,
    /// Label of a day's times; `{}` is the day.
    #[cfg(any(feature = "booking", feature = "manage"))]
    TimesOn,
    /// Button for the next 7 days.
    #[cfg(any(feature = "booking", feature = "manage"))]
    ShowMore,
    /// A day's times before noon.
    #[cfg(any(feature = "booking", feature = "manage"))]
    DayMorning,
    /// A day's times from noon to 5 PM.
    #[cfg(any(feature = "booking", feature = "manage"))]
    DayAfternoon,
    /// A day's times from 5 PM.
    #[cfg(any(feature = "booking", feature = "manage"))]
    DayEvening,
    /// Button showing a part of the day's other times; `{}` how many, `{}` the part of day.
    #[cfg(any(feature = "booking", feature = "manage"))]
    MoreTimes,
    /// Shown while times load.
    #[cfg(any(feature = "booking", feature = "manage"))]
    LookingForTimes,
    /// No open time in the days shown so far.
    #[cfg(any(feature = "booking", feature = "manage"))]
    NoTimesInDays,
    /// No open time at all; `{}` is the phone.
    #[cfg(any(feature = "booking", feature = "manage"))]
    NoTimes,
    /// Heading of the error summary.
    FixThese,
    /// Full name label.
    #[cfg(any(feature = "booking", feature = "manage"))]
    Name,
    /// Full name hint.
    #[cfg(any(feature = "booking", feature = "manage"))]
    NameHint,
    /// Preferred name label.
    #[cfg(any(feature = "booking", feature = "manage"))]
    Preferred,
    /// Date of birth legend.
    BirthDate,
    /// Date of birth hint.
    BirthDateHint,
    /// Month label.
    Month,
    /// Day label.
    Day,
    /// Year label.
    Year,
    /// Phone label.
    #[cfg(any(feature = "booking", feature = "manage"))]
    Phone,
    /// Email label.
    #[cfg(any(feature = "booking", feature = "manage"))]
    Email,
    /// Why a phone or email.
    #[cfg(any(feature = "booking", feature = "manage"))]
    ContactHint,
    /// Reason label.
    #[cfg(any(feature = "booking", feature = "manage"))]
    Reason,
    /// Reason hint.
    #[cfg(any(feature = "booking", feature = "manage"))]
    ReasonHint,
    /// Characters used; `{}` is the count.
    #[cfg(any(feature = "booking", feature = "manage"))]
    Count,
    /// Interpreter label.
    #[cfg(any(feature = "booking", feature = "manage"))]
    Interpreter,
    /// "Anything we should know?" label.
    #[cfg(any(feature = "booking", feature = "manage"))]
    Notes,
    /// Notes hint.
    #[cfg(any(feature = "booking", feature = "manage"))]
    NotesHint,
    /// Review row: the visit type.
    #[cfg(any(feature = "booking", feature = "manage"))]
    VisitRow,
    /// Review row: the provider.
    #[cfg(any(feature = "booking", feature = "manage"))]
    WithRow,
    /// Review row: the place.
    #[cfg(any(feature = "booking", feature = "manage"))]
    WhereRow,
    /// Review row: the time.
    #[cfg(any(feature = "booking", feature = "manage"))]
    WhenRow,
    /// First visit to this clinic.
    #[cfg(any(feature = "booking", feature = "manage"))]
    FirstVisit,
    /// Has been here before.
    #[cfg(any(feature = "booking", feature = "manage"))]
    ReturningVisit,
    /// A video visit's place.
    #[cfg(any(feature = "booking", feature = "manage"))]
    VideoVisit,
    /// Button back to a step from the review.
    #[cfg(any(feature = "booking", feature = "manage"))]
    Change,
    /// Button that books.
    #[cfg(any(feature = "booking", feature = "manage"))]
    Book,
    /// While booking.
    #[cfg(any(feature = "booking", feature = "manage"))]
    Booking,
    /// The time was taken meanwhile; `{}` is the time.
    #[cfg(any(feature = "booking", feature = "manage"))]
    SlotTaken,
    /// Button back to the times.
    #[cfg(any(feature = "booking", feature = "manage"))]
    PickAnother,
    /// The patient already has a visit that day; `{}` is the phone.
    #[cfg(feature = "booking")]
    SameDay,
    /// Button: book this visit as well as the one that day.
    #[cfg(feature = "booking")]
    BookAlso,
    /// After an offered time: it is with another doctor than the patient picked.
    #[cfg(feature = "booking")]
    OtherDoctor,
    /// After an offered time: it is at another office.
    #[cfg(feature = "booking")]
    OtherOffice,
    /// After an offered time: both.
    #[cfg(feature = "booking")]
    OtherBoth,
    /// The network failed while booking; `{}` is the phone.
    NetworkFailed,
    /// The time can no longer be booked online; `{}` is the phone.
    #[cfg(any(feature = "booking", feature = "manage"))]
    NotBookable,
    /// The patient has too many visits booked; `{}` is the phone.
    #[cfg(any(feature = "booking", feature = "manage"))]
    TooMany,
    /// Too many tries; `{}` is the phone.
    RateLimited,
    /// Anything else failed; `{}` is the phone.
    SomethingWrong,
    /// Greeting on the confirmation; `{}` is the preferred name.
    #[cfg(any(feature = "booking", feature = "manage"))]
    ThankYou,
    /// Review row: what to do before the visit.
    #[cfg(any(feature = "booking", feature = "manage"))]
    BeforeRow,
    /// What happens next.
    #[cfg(any(feature = "booking", feature = "manage"))]
    WhatNext,
    /// Button that downloads the .ics file.
    #[cfg(any(feature = "booking", feature = "manage"))]
    AddToCalendar,
    /// The .ics file could not be fetched.
    #[cfg(any(feature = "booking", feature = "manage"))]
    CalendarFailed,
    /// The manage link.
    #[cfg(any(feature = "booking", feature = "manage"))]
    ManageLink,
    /// Why to keep the manage link.
    #[cfg(any(feature = "booking", feature = "manage"))]
    KeepLink,
    /// The question: how to hear about the visit.
    #[cfg(any(feature = "booking", feature = "manage"))]
    ReachLegend,
    /// Texts only.
    #[cfg(any(feature = "booking", feature = "manage"))]
    ReachText,
    /// Email only.
    #[cfg(any(feature = "booking", feature = "manage"))]
    ReachEmail,
    /// Texts and email.
    #[cfg(any(feature = "booking", feature = "manage"))]
    ReachBoth,
    /// No messages.
    #[cfg(any(feature = "booking", feature = "manage"))]
    ReachNeither,
    /// What messages are sent, and how to stop texts.
    #[cfg(any(feature = "booking", feature = "manage"))]
    ReachConsent,
    /// Where the confirmation went, and that a reminder follows.
    #[cfg(any(feature = "booking", feature = "manage"))]
    SentTo,
    /// The manage view's heading.
    #[cfg(feature = "manage")]
    YourVisit,
    /// The visit is cancelled.
    #[cfg(feature = "manage")]
    IsCancelled,
    /// Button that asks to cancel.
    #[cfg(feature = "manage")]
    CancelVisit,
    /// Confirm question for cancelling.
    #[cfg(feature = "manage")]
    ConfirmCancel,
    /// Confirm cancelling.
    #[cfg(feature = "manage")]
    YesCancel,
    /// Keep the visit as it is.
    #[cfg(feature = "manage")]
    NoKeep,
    /// Button to reschedule.
    #[cfg(feature = "manage")]
    NewTime,
    /// Confirm question for moving; `{}` is the new time.
    #[cfg(feature = "manage")]
    ConfirmMove,
    /// Confirm moving.
    #[cfg(feature = "manage")]
    YesMove,
    /// After moving.
    #[cfg(feature = "manage")]
    Moved,
    /// The manage link does not work; `{}` is the phone.
    #[cfg(feature = "manage")]
    BadLink,
    /// Button to start a new booking.
    #[cfg(feature = "manage")]
    BookNew,
    /// The feedback region's heading.
    FbTitle,
    /// After a question that need not be answered.
    FbOptional,
    /// A needed number was not picked.
    PickNumber,
    /// Button that sends the answers.
    FbSend,
    /// While the answers are sent.
    FbSending,
    /// Button that closes the questions.
    FbNotNow,
    /// After "Not now".
    FbWontAsk,
    /// After sending, when no one needs to follow up.
    FbThanks,
    /// Booking was hard for the patient.
    FbSorryBooking,
    /// The visit went badly for the patient.
    FbSorryVisit,
    /// The patient asked to be contacted.
    FbThanksTelling,
    /// After the clinic's promise; `{}` is the phone.
    FbCallNow,
    /// The promise's due time in the patient's words; `{}` is the day and time.
    FbBy,
    /// After a low "how easy" score, the optional box: what made booking hard.
    #[cfg(feature = "booking")]
    FbWhatHard,
    /// The answers were sent before; `{}` is the phone.
    FbAlready,
    /// Answers sent on another day.
    #[cfg(feature = "after-visit")]
    FbSent,
    /// A follow-up is open; `{}` is when it is due.
    #[cfg(feature = "after-visit")]
    FbWillContact,
    /// The follow-up was handled; `{}` is the day.
    #[cfg(feature = "after-visit")]
    FbHandled,
    /// Letters used of the most; `{}` used, `{}` the most.
    #[cfg(feature = "after-visit")]
    FbCount,
    /// Letters left, announced near the end; `{}` is how many.
    #[cfg(feature = "after-visit")]
    FbLeft,
    /// Too many letters; `{}` is the most.
    #[cfg(feature = "after-visit")]
    FbTooLong,
    /// Contact by a call.
    #[cfg(feature = "after-visit")]
    FbCallMe,
    /// Contact by a text message.
    #[cfg(feature = "after-visit")]
    FbTextMe,
    /// Contact by email.
    #[cfg(feature = "after-visit")]
    FbEmailMe,
    /// No contact.
    #[cfg(feature = "after-visit")]
    FbNoThanks,
    /// Label of the phone to use.
    #[cfg(feature = "after-visit")]
    FbPhoneToUse,
    /// Label of the email to use.
    #[cfg(feature = "after-visit")]
    FbEmailToUse,
    /// Hint under the phone or email to use.
    #[cfg(feature = "after-visit")]
    FbOnFile,
    /// Under the greeting; `{}` is the visit's day.
    #[cfg(feature = "feedback")]
    FbAbout,
    /// Heading of the clinic's changes.
    #[cfg(feature = "feedback")]
    FbNotes,
    /// The identity check's heading.
    #[cfg(feature = "instructions")]
    InstructionsTitle,
    /// Why we ask for the date of birth.
    #[cfg(feature = "instructions")]
    VerifyIntro,
    /// Button that checks the date of birth.
    #[cfg(feature = "instructions")]
    ShowInstructions,
    /// While the date of birth is checked.
    #[cfg(feature = "instructions")]
    Checking,
    /// The date of birth is not the one on the packet.
    #[cfg(feature = "instructions")]
    DateMismatch,
    /// Too many wrong dates; `{}` is the phone.
    #[cfg(feature = "instructions")]
    LinkLocked,
    /// The link is too old; `{}` is the phone.
    #[cfg(any(feature = "instructions", feature = "feedback"))]
    LinkExpired,
    /// The link is unknown, cut short or turned off; `{}` is the phone.
    #[cfg(any(feature = "instructions", feature = "feedback"))]
    LinkBroken,
    /// The reading session ended.
    #[cfg(feature = "instructions")]
    SessionEnded,
    /// While the instructions load.
    #[cfg(feature = "instructions")]
    GettingInstructions,
    /// The greeting; `{}` is the preferred name.
    #[cfg(any(feature = "instructions", feature = "feedback"))]
    Hello,
    /// The emergency box's link.
    #[cfg(feature = "instructions")]
    Call911,
    /// Under the "call us" part; `{}` is the phone.
    #[cfg(feature = "instructions")]
    CallUsAt,
    /// The checkbox under each part.
    #[cfg(feature = "instructions")]
    Understand,
    /// While an answer is saved.
    #[cfg(feature = "instructions")]
    Saving,
    /// An answer was saved.
    #[cfg(feature = "instructions")]
    Saved,
    /// An answer could not be saved.
    #[cfg(feature = "instructions")]
    SaveFailed,
    /// The medicine table's caption.
    #[cfg(feature = "instructions")]
    MedicineTimes,
    /// Medicine column.
    #[cfg(feature = "instructions")]
    Medicine,
    /// On a medicine's card, before its times of day.
    #[cfg(feature = "instructions")]
    TakeAt,
    /// Morning column.
    #[cfg(feature = "instructions")]
    Morning,
    /// Noon column.
    #[cfg(feature = "instructions")]
    Noon,
    /// Evening column.
    #[cfg(feature = "instructions")]
    Evening,
    /// Bedtime column.
    #[cfg(feature = "instructions")]
    Bedtime,
    /// Food column.
    #[cfg(feature = "instructions")]
    WithFood,
    /// Duration column.
    #[cfg(feature = "instructions")]
    HowLong,
    /// Take it at this time.
    #[cfg(feature = "instructions")]
    Yes,
    /// Not at this time.
    #[cfg(feature = "instructions")]
    No,
    /// The teach-back questions' heading.
    #[cfg(feature = "instructions")]
    QuizTitle,
    /// Button that sends an answer.
    #[cfg(feature = "instructions")]
    CheckAnswer,
    /// No choice was picked.
    #[cfg(feature = "instructions")]
    PickAnswer,
    /// The answer is right.
    #[cfg(feature = "instructions")]
    Right,
    /// The answer is not right; `{}` is the part to read.
    #[cfg(feature = "instructions")]
    NotQuite,
    /// Button to the part to read; `{}` is its heading.
    #[cfg(feature = "instructions")]
    GoToPart,
    /// An answer could not be checked.
    #[cfg(feature = "instructions")]
    AnswerFailed,
    /// Button that prints.
    #[cfg(feature = "instructions")]
    Print,
    /// Label of the language buttons.
    #[cfg(feature = "instructions")]
    Language,
    /// Button that books the follow-up visit.
    #[cfg(feature = "instructions")]
    BookFollowUp,
    /// When to come back; `{}` is the day.
    #[cfg(feature = "instructions")]
    NextVisitOn,
    /// Before the clinic's phone.
    #[cfg(feature = "instructions")]
    QuestionsCall,
}

/// The words for `msg` in `lang`.
pub fn text(lang: Lang, msg: Msg) -> &'static str {
    use portal_core::words;
    use Msg::*;
    match lang {
        Lang::En => match msg {
            Loading => "Loading…",
            CallUs => words::CALL_US.en,
            CantReachClinic => "We can't reach the clinic right now. Please try again, or call us.",
            CantBookHere => "Sorry, this page can't show the clinic's online services right now. Please call us.",
            TryAgain => "Try again",
            #[cfg(any(feature = "booking", feature = "manage"))]
            StepOf => words::STEP_OF.en,
            #[cfg(any(feature = "booking", feature = "manage"))]
            VisitTitle => words::VISIT_TITLE.en,
            #[cfg(any(feature = "booking", feature = "manage"))]
            WhoTitle => "Who and where?",
            #[cfg(any(feature = "booking", feature = "manage"))]
            WhenTitle => "When?",
            #[cfg(any(feature = "booking", feature = "manage"))]
            AboutTitle => "About you",
            #[cfg(any(feature = "booking", feature = "manage"))]
            ReviewTitle => "Check your visit",
            #[cfg(any(feature = "booking", feature = "manage"))]
            BookedTitle => "Your visit is booked",
            #[cfg(any(feature = "booking", feature = "manage"))]
            Continue => words::CONTINUE.en,
            #[cfg(any(feature = "booking", feature = "manage"))]
            Back => "Back",
            #[cfg(any(feature = "booking", feature = "manage"))]
            VisitTypeLegend => words::VISIT_TYPE_LEGEND.en,
            #[cfg(any(feature = "booking", feature = "manage"))]
            Minutes => words::MINUTES.en,
            #[cfg(any(feature = "booking", feature = "manage"))]
            PickVisitType => "Please pick a type of visit.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            BeenHereLegend => words::BEEN_HERE_LEGEND.en,
            #[cfg(any(feature = "booking", feature = "manage"))]
            BeenHereYes => words::BEEN_HERE_YES.en,
            #[cfg(any(feature = "booking", feature = "manage"))]
            BeenHereNo => words::BEEN_HERE_NO.en,
            #[cfg(any(feature = "booking", feature = "manage"))]
            PickBeenHere => "Please tell us if you have been here before.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            ReturningOnly => "This visit is for patients who have been here before. Please pick another type of visit, like a sick visit. Or call us at {} and we will help you.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            ProviderLegend => "Who would you like to see?",
            #[cfg(any(feature = "booking", feature = "manage"))]
            FirstAvailable => "First available",
            #[cfg(any(feature = "booking", feature = "manage"))]
            FirstAvailableHint => "Any of our providers. You get the earliest time.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            Speaks => "Speaks: {}",
            #[cfg(any(feature = "booking", feature = "manage"))]
            LocationLegend => "Which office?",
            #[cfg(any(feature = "booking", feature = "manage"))]
            AnyOffice => "Any office",
            #[cfg(any(feature = "booking", feature = "manage"))]
            NextAvailable => "Next available:",
            At => " at ",
            #[cfg(any(feature = "booking", feature = "manage"))]
            With => "with",
            YourTime => "{} your time ({} clinic time)",
            #[cfg(any(feature = "booking", feature = "manage"))]
            PickDay => "Or pick a day",
            #[cfg(any(feature = "booking", feature = "manage"))]
            TimesOn => "Open times on {}",
            #[cfg(any(feature = "booking", feature = "manage"))]
            ShowMore => "Show the next 7 days",
            #[cfg(any(feature = "booking", feature = "manage"))]
            DayMorning => "Morning",
            #[cfg(any(feature = "booking", feature = "manage"))]
            DayAfternoon => "Afternoon",
            #[cfg(any(feature = "booking", feature = "manage"))]
            DayEvening => "Evening",
            #[cfg(any(feature = "booking", feature = "manage"))]
            MoreTimes => "Show {} more {} times",
            #[cfg(any(feature = "booking", feature = "manage"))]
            LookingForTimes => "Looking for open times…",
            #[cfg(any(feature = "booking", feature = "manage"))]
            NoTimesInDays => "No open times on these days.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            NoTimes => "There are no open times to book online right now. Please call us at {}. We will help you find a time.",
            FixThese => "Please check these answers:",
            #[cfg(any(feature = "booking", feature = "manage"))]
            Name => "Full name",
            #[cfg(any(feature = "booking", feature = "manage"))]
            NameHint => "As it is on your insurance card.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            Preferred => "What should we call you? (optional)",
            BirthDate => "Date of birth",
            BirthDateHint => "Month, day and year. For example: 04 17 1961",
            Month => "Month",
            Day => "Day",
            Year => "Year",
            #[cfg(any(feature = "booking", feature = "manage"))]
            Phone => "Phone",
            #[cfg(any(feature = "booking", feature = "manage"))]
            Email => "Email",
            #[cfg(any(feature = "booking", feature = "manage"))]
            ContactHint => "Give a phone or an email, so we can reach you.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            Reason => "Why do you want to come in?",
            #[cfg(any(feature = "booking", feature = "manage"))]
            ReasonHint => "In your own words. For example: a cough for a week.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            Count => "{} of 500 letters",
            #[cfg(any(feature = "booking", feature = "manage"))]
            Interpreter => "Do you need an interpreter? Write the language. (optional)",
            #[cfg(any(feature = "booking", feature = "manage"))]
            Notes => "Anything we should know? (optional)",
            #[cfg(any(feature = "booking", feature = "manage"))]
            NotesHint => "For example: I use a wheelchair, or I don't hear well.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            VisitRow => "Visit",
            #[cfg(any(feature = "booking", feature = "manage"))]
            WithRow => "With",
            #[cfg(any(feature = "booking", feature = "manage"))]
            WhereRow => "Where",
            #[cfg(any(feature = "booking", feature = "manage"))]
            WhenRow => "When",
            #[cfg(any(feature = "booking", feature = "manage"))]
            FirstVisit => "First visit here",
            #[cfg(any(feature = "booking", feature = "manage"))]
            ReturningVisit => "Been here before",
            #[cfg(any(feature = "booking", feature = "manage"))]
            VideoVisit => "Video visit. We will text you a link.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            Change => "Change",
            #[cfg(any(feature = "booking", feature = "manage"))]
            Book => "Book this visit",
            #[cfg(any(feature = "booking", feature = "manage"))]
            Booking => "Booking your visit…",
            #[cfg(any(feature = "booking", feature = "manage"))]
            SlotTaken => "Someone just booked {}. These times are still open:",
            #[cfg(any(feature = "booking", feature = "manage"))]
            PickAnother => "Pick another time",
            #[cfg(feature = "booking")]
            SameDay => "You already have a visit with us that day. Did you mean to change that one? Use the link from when you booked it, or call {}.",
            #[cfg(feature = "booking")]
            BookAlso => "Book this one too",
            #[cfg(feature = "booking")]
            OtherDoctor => " (a different doctor)",
            #[cfg(feature = "booking")]
            OtherOffice => " (a different office)",
            #[cfg(feature = "booking")]
            OtherBoth => " (a different doctor and office)",
            NetworkFailed => "We can't reach the clinic right now. Your answers are saved. Try again, or call {}.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            NotBookable => "I'm sorry, this time can't be booked online anymore. Please pick another time, or call us at {}.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            TooMany => "You already have several visits booked. To book one more, please call us at {}.",
            RateLimited => "There were many tries in a short time. Please wait a minute and try again, or call us at {}.",
            SomethingWrong => "I'm sorry, something went wrong on our side. Your answers are saved. Please try again, or call us at {}.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            ThankYou => "Thank you, {}.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            BeforeRow => "Before your visit",
            #[cfg(any(feature = "booking", feature = "manage"))]
            WhatNext => "If something changes, we will call you.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            AddToCalendar => "Add to calendar",
            #[cfg(any(feature = "booking", feature = "manage"))]
            CalendarFailed => "We couldn't get the calendar file. Please try again.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            ManageLink => "Change or cancel this visit",
            #[cfg(any(feature = "booking", feature = "manage"))]
            KeepLink => "Keep this link. It lets you change or cancel your visit. Don't share it.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            ReachLegend => "How should we reach you about this visit?",
            #[cfg(any(feature = "booking", feature = "manage"))]
            ReachText => "Text me",
            #[cfg(any(feature = "booking", feature = "manage"))]
            ReachEmail => "Email me",
            #[cfg(any(feature = "booking", feature = "manage"))]
            ReachBoth => "Text and email me",
            #[cfg(any(feature = "booking", feature = "manage"))]
            ReachNeither => "No messages, please",
            #[cfg(any(feature = "booking", feature = "manage"))]
            ReachConsent => "We only send messages about this visit, like a reminder. Your phone plan's text rates may apply. Reply STOP to stop texts.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            SentTo => "We sent this to {}. We will remind you before the visit.",
            #[cfg(feature = "manage")]
            YourVisit => "Your visit",
            #[cfg(feature = "manage")]
            IsCancelled => "This visit is cancelled.",
            #[cfg(feature = "manage")]
            CancelVisit => "Cancel this visit",
            #[cfg(feature = "manage")]
            ConfirmCancel => "Do you want to cancel this visit?",
            #[cfg(feature = "manage")]
            YesCancel => "Yes, cancel it",
            #[cfg(feature = "manage")]
            NoKeep => "No, keep it",
            #[cfg(feature = "manage")]
            NewTime => "Pick a new time",
            #[cfg(feature = "manage")]
            ConfirmMove => "Move your visit to {}?",
            #[cfg(feature = "manage")]
            YesMove => "Yes, move it",
            #[cfg(feature = "manage")]
            Moved => "Your visit is moved to the new time.",
            #[cfg(feature = "manage")]
            BadLink => "This link doesn't work anymore. It may be old or cut short. Please call us at {}.",
            #[cfg(feature = "manage")]
            BookNew => "Book a new visit",
            FbTitle => "Tell us how we did",
            FbOptional => " (optional)",
            PickNumber => "Please pick a number.",
            FbSend => "Send my answers",
            FbSending => "Sending…",
            FbNotNow => "Not now",
            FbWontAsk => "OK, we won't ask again.",
            FbThanks => "Thank you. Your answers help us do better.",
            FbSorryBooking => "I'm sorry booking was hard.",
            FbSorryVisit => "I'm sorry your visit wasn't good.",
            FbThanksTelling => "Thank you for telling us.",
            FbCallNow => "If you want to talk now, call us at {}.",
            FbBy => "That is by {}.",
            #[cfg(feature = "booking")]
            FbWhatHard => "What made it hard?",
            FbAlready => "We already have your answers for this visit. Thank you. Questions? Call us at {}.",
            #[cfg(feature = "after-visit")]
            FbSent => "Thank you for your answers.",
            #[cfg(feature = "after-visit")]
            FbWillContact => "Someone from our clinic will contact you by {}.",
            #[cfg(feature = "after-visit")]
            FbHandled => "Our clinic handled this on {}. Thank you for telling us.",
            #[cfg(feature = "after-visit")]
            FbCount => "{} of {} letters",
            #[cfg(feature = "after-visit")]
            FbLeft => "{} letters left.",
            #[cfg(feature = "after-visit")]
            FbTooLong => "Please make this shorter. It can have up to {} letters.",
            #[cfg(feature = "after-visit")]
            FbCallMe => "Call me",
            #[cfg(feature = "after-visit")]
            FbTextMe => "Send me a text",
            #[cfg(feature = "after-visit")]
            FbEmailMe => "Email me",
            #[cfg(feature = "after-visit")]
            FbNoThanks => "No, thank you",
            #[cfg(feature = "after-visit")]
            FbPhoneToUse => "Phone number to use (optional)",
            #[cfg(feature = "after-visit")]
            FbEmailToUse => "Email to use (optional)",
            #[cfg(feature = "after-visit")]
            FbOnFile => "Leave it empty and we will use the one we have.",
            #[cfg(feature = "feedback")]
            FbAbout => "This is about your visit on {}.",
            #[cfg(feature = "feedback")]
            FbNotes => "You said, we did",
            #[cfg(feature = "instructions")]
            InstructionsTitle => "Your visit instructions",
            #[cfg(feature = "instructions")]
            VerifyIntro => "To keep your information private, please enter your date of birth.",
            #[cfg(feature = "instructions")]
            ShowInstructions => "Show my instructions",
            #[cfg(feature = "instructions")]
            Checking => "Checking…",
            #[cfg(feature = "instructions")]
            DateMismatch => "That date doesn't match our records. Please check it and try again.",
            #[cfg(feature = "instructions")]
            LinkLocked => "I'm sorry, this link is locked after too many tries. Please call us at {}. We will help you get your instructions.",
            #[cfg(any(feature = "instructions", feature = "feedback"))]
            LinkExpired => "I'm sorry, this link is too old to use now. Please call us at {}. We can send you a new one.",
            #[cfg(any(feature = "instructions", feature = "feedback"))]
            LinkBroken => "I'm sorry, this link doesn't work. It may be cut short or no longer in use. Please call us at {}. We can send you a new one.",
            #[cfg(feature = "instructions")]
            SessionEnded => "To keep your information private, we closed your instructions after a while. Please enter your date of birth again.",
            #[cfg(feature = "instructions")]
            GettingInstructions => "Getting your instructions…",
            #[cfg(any(feature = "instructions", feature = "feedback"))]
            Hello => "Hello, {}.",
            #[cfg(feature = "instructions")]
            Call911 => "Call 911",
            #[cfg(feature = "instructions")]
            CallUsAt => "Call us at {}.",
            #[cfg(feature = "instructions")]
            Understand => "I read and understand this part",
            #[cfg(feature = "instructions")]
            Saving => "Saving…",
            #[cfg(feature = "instructions")]
            Saved => "Saved. Thank you.",
            #[cfg(feature = "instructions")]
            SaveFailed => "We couldn't save this. Please try again.",
            #[cfg(feature = "instructions")]
            MedicineTimes => "When to take your medicines",
            #[cfg(feature = "instructions")]
            Medicine => "Medicine",
            #[cfg(feature = "instructions")]
            TakeAt => "When",
            #[cfg(feature = "instructions")]
            Morning => "Morning",
            #[cfg(feature = "instructions")]
            Noon => "Noon",
            #[cfg(feature = "instructions")]
            Evening => "Evening",
            #[cfg(feature = "instructions")]
            Bedtime => "Bedtime",
            #[cfg(feature = "instructions")]
            WithFood => "With food",
            #[cfg(feature = "instructions")]
            HowLong => "How long",
            #[cfg(feature = "instructions")]
            Yes => "Yes",
            #[cfg(feature = "instructions")]
            No => "No",
            #[cfg(feature = "instructions")]
            QuizTitle => "A few quick questions",
            #[cfg(feature = "instructions")]
            CheckAnswer => "Check my answer",
            #[cfg(feature = "instructions")]
            PickAnswer => "Please pick an answer.",
            #[cfg(feature = "instructions")]
            Right => "That's right.",
            #[cfg(feature = "instructions")]
            NotQuite => "Not quite. Please read \"{}\" again.",
            #[cfg(feature = "instructions")]
            GoToPart => "Go to \"{}\"",
            #[cfg(feature = "instructions")]
            AnswerFailed => "We couldn't check your answer. Please try again.",
            #[cfg(feature = "instructions")]
            Print => "Print these instructions",
            #[cfg(feature = "instructions")]
            Language => "Language",
            #[cfg(feature = "instructions")]
            BookFollowUp => "Book your follow-up",
            #[cfg(feature = "instructions")]
            NextVisitOn => "Your next visit should be on {}.",
            #[cfg(feature = "instructions")]
            QuestionsCall => "Questions? Call the clinic:",
        },
        Lang::Es => match msg {
            Loading => "Cargando…",
            CallUs => words::CALL_US.es,
            CantReachClinic => "No podemos comunicarnos con la clínica en este momento. Intente de nuevo o llámenos.",
            CantBookHere => "Lo sentimos, esta página no puede mostrar los servicios en línea de la clínica ahora. Llámenos.",
            TryAgain => "Intentar de nuevo",
            #[cfg(any(feature = "booking", feature = "manage"))]
            StepOf => words::STEP_OF.es,
            #[cfg(any(feature = "booking", feature = "manage"))]
            VisitTitle => words::VISIT_TITLE.es,
            #[cfg(any(feature = "booking", feature = "manage"))]
            WhoTitle => "¿Con quién y dónde?",
            #[cfg(any(feature = "booking", feature = "manage"))]
            WhenTitle => "¿Cuándo?",
            #[cfg(any(feature = "booking", feature = "manage"))]
            AboutTitle => "Sus datos",
            #[cfg(any(feature = "booking", feature = "manage"))]
            ReviewTitle => "Revise su visita",
            #[cfg(any(feature = "booking", feature = "manage"))]
            BookedTitle => "Su visita está reservada",
            #[cfg(any(feature = "booking", feature = "manage"))]
            Continue => words::CONTINUE.es,
            #[cfg(any(feature = "booking", feature = "manage"))]
            Back => "Atrás",
            #[cfg(any(feature = "booking", feature = "manage"))]
            VisitTypeLegend => words::VISIT_TYPE_LEGEND.es,
            #[cfg(any(feature = "booking", feature = "manage"))]
            Minutes => words::MINUTES.es,
            #[cfg(any(feature = "booking", feature = "manage"))]
            PickVisitType => "Elija un tipo de visita.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            BeenHereLegend => words::BEEN_HERE_LEGEND.es,
            #[cfg(any(feature = "booking", feature = "manage"))]
            BeenHereYes => words::BEEN_HERE_YES.es,
            #[cfg(any(feature = "booking", feature = "manage"))]
            BeenHereNo => words::BEEN_HERE_NO.es,
            #[cfg(any(feature = "booking", feature = "manage"))]
            PickBeenHere => "Díganos si ya ha venido antes.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            ReturningOnly => "Esta visita es para pacientes que ya han venido antes. Elija otro tipo de visita, como una consulta por enfermedad. O llámenos al {} y le ayudamos.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            ProviderLegend => "¿Con quién quiere su visita?",
            #[cfg(any(feature = "booking", feature = "manage"))]
            FirstAvailable => "El primero disponible",
            #[cfg(any(feature = "booking", feature = "manage"))]
            FirstAvailableHint => "Cualquiera de nuestros proveedores. Le damos la hora más pronta.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            Speaks => "Habla: {}",
            #[cfg(any(feature = "booking", feature = "manage"))]
            LocationLegend => "¿En qué oficina?",
            #[cfg(any(feature = "booking", feature = "manage"))]
            AnyOffice => "Cualquier oficina",
            #[cfg(any(feature = "booking", feature = "manage"))]
            NextAvailable => "Próxima hora libre:",
            At => " a las ",
            #[cfg(any(feature = "booking", feature = "manage"))]
            With => "con",
            YourTime => "{} su hora ({} hora de la clínica)",
            #[cfg(any(feature = "booking", feature = "manage"))]
            PickDay => "O elija un día",
            #[cfg(any(feature = "booking", feature = "manage"))]
            TimesOn => "Horas libres el {}",
            #[cfg(any(feature = "booking", feature = "manage"))]
            ShowMore => "Ver los 7 días siguientes",
            #[cfg(any(feature = "booking", feature = "manage"))]
            DayMorning => "Mañana",
            #[cfg(any(feature = "booking", feature = "manage"))]
            DayAfternoon => "Tarde",
            #[cfg(any(feature = "booking", feature = "manage"))]
            DayEvening => "Noche",
            #[cfg(any(feature = "booking", feature = "manage"))]
            MoreTimes => "Ver {} horas más de la {}",
            #[cfg(any(feature = "booking", feature = "manage"))]
            LookingForTimes => "Buscando horas libres…",
            #[cfg(any(feature = "booking", feature = "manage"))]
            NoTimesInDays => "No hay horas libres en estos días.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            NoTimes => "Ahora no hay horas libres para reservar en línea. Llámenos al {}. Le ayudamos a encontrar una hora.",
            FixThese => "Revise estas respuestas:",
            #[cfg(any(feature = "booking", feature = "manage"))]
            Name => "Nombre completo",
            #[cfg(any(feature = "booking", feature = "manage"))]
            NameHint => "Como está en su tarjeta del seguro.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            Preferred => "¿Cómo quiere que le llamemos? (opcional)",
            BirthDate => "Fecha de nacimiento",
            BirthDateHint => "Mes, día y año. Por ejemplo: 04 17 1961",
            Month => "Mes",
            Day => "Día",
            Year => "Año",
            #[cfg(any(feature = "booking", feature = "manage"))]
            Phone => "Teléfono",
            #[cfg(any(feature = "booking", feature = "manage"))]
            Email => "Correo electrónico",
            #[cfg(any(feature = "booking", feature = "manage"))]
            ContactHint => "Escriba un teléfono o un correo, para poder comunicarnos con usted.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            Reason => "¿Por qué quiere venir?",
            #[cfg(any(feature = "booking", feature = "manage"))]
            ReasonHint => "Con sus palabras. Por ejemplo: tengo tos desde hace una semana.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            Count => "{} de 500 letras",
            #[cfg(any(feature = "booking", feature = "manage"))]
            Interpreter => "¿Necesita un intérprete? Escriba el idioma. (opcional)",
            #[cfg(any(feature = "booking", feature = "manage"))]
            Notes => "¿Hay algo más que debamos saber? (opcional)",
            #[cfg(any(feature = "booking", feature = "manage"))]
            NotesHint => "Por ejemplo: uso silla de ruedas, o no oigo bien.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            VisitRow => "Visita",
            #[cfg(any(feature = "booking", feature = "manage"))]
            WithRow => "Con",
            #[cfg(any(feature = "booking", feature = "manage"))]
            WhereRow => "Dónde",
            #[cfg(any(feature = "booking", feature = "manage"))]
            WhenRow => "Cuándo",
            #[cfg(any(feature = "booking", feature = "manage"))]
            FirstVisit => "Primera visita aquí",
            #[cfg(any(feature = "booking", feature = "manage"))]
            ReturningVisit => "Ya ha venido antes",
            #[cfg(any(feature = "booking", feature = "manage"))]
            VideoVisit => "Visita por video. Le enviaremos un enlace por mensaje de texto.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            Change => "Cambiar",
            #[cfg(any(feature = "booking", feature = "manage"))]
            Book => "Reservar esta visita",
            #[cfg(any(feature = "booking", feature = "manage"))]
            Booking => "Reservando su visita…",
            #[cfg(any(feature = "booking", feature = "manage"))]
            SlotTaken => "Alguien acaba de reservar la hora de las {}. Estas horas siguen libres:",
            #[cfg(any(feature = "booking", feature = "manage"))]
            PickAnother => "Elegir otra hora",
            #[cfg(feature = "booking")]
            SameDay => "Ya tiene una visita con nosotros ese día. ¿Quería cambiar esa visita? Use el enlace de cuando la reservó, o llame al {}.",
            #[cfg(feature = "booking")]
            BookAlso => "Reservar esta también",
            #[cfg(feature = "booking")]
            OtherDoctor => " (otro médico)",
            #[cfg(feature = "booking")]
            OtherOffice => " (otra oficina)",
            #[cfg(feature = "booking")]
            OtherBoth => " (otro médico y otra oficina)",
            NetworkFailed => "No podemos comunicarnos con la clínica ahora. Sus respuestas están guardadas. Intente de nuevo o llame al {}.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            NotBookable => "Lo siento, esta hora ya no se puede reservar en línea. Elija otra hora o llámenos al {}.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            TooMany => "Ya tiene varias visitas reservadas. Para reservar otra, llámenos al {}.",
            RateLimited => "Hubo muchos intentos en poco tiempo. Espere un minuto e intente de nuevo, o llámenos al {}.",
            SomethingWrong => "Lo siento, algo falló de nuestro lado. Sus respuestas están guardadas. Intente de nuevo o llámenos al {}.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            ThankYou => "Gracias, {}.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            BeforeRow => "Antes de su visita",
            #[cfg(any(feature = "booking", feature = "manage"))]
            WhatNext => "Si algo cambia, le llamaremos.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            AddToCalendar => "Agregar al calendario",
            #[cfg(any(feature = "booking", feature = "manage"))]
            CalendarFailed => "No pudimos obtener el archivo del calendario. Intente de nuevo.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            ManageLink => "Cambiar o cancelar esta visita",
            #[cfg(any(feature = "booking", feature = "manage"))]
            KeepLink => "Guarde este enlace. Con él puede cambiar o cancelar su visita. No lo comparta.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            ReachLegend => "¿Cómo le avisamos sobre esta visita?",
            #[cfg(any(feature = "booking", feature = "manage"))]
            ReachText => "Por mensaje de texto",
            #[cfg(any(feature = "booking", feature = "manage"))]
            ReachEmail => "Por correo electrónico",
            #[cfg(any(feature = "booking", feature = "manage"))]
            ReachBoth => "Por texto y por correo",
            #[cfg(any(feature = "booking", feature = "manage"))]
            ReachNeither => "Sin mensajes, por favor",
            #[cfg(any(feature = "booking", feature = "manage"))]
            ReachConsent => "Solo le enviamos mensajes sobre esta visita, como un recordatorio. Su plan de teléfono puede cobrar los mensajes. Responda STOP para no recibir más.",
            #[cfg(any(feature = "booking", feature = "manage"))]
            SentTo => "Le enviamos esto a {}. Le recordaremos la visita antes.",
            #[cfg(feature = "manage")]
            YourVisit => "Su visita",
            #[cfg(feature = "manage")]
            IsCancelled => "Esta visita está cancelada.",
            #[cfg(feature = "manage")]
            CancelVisit => "Cancelar esta visita",
            #[cfg(feature = "manage")]
            ConfirmCancel => "¿Quiere cancelar esta visita?",
            #[cfg(feature = "manage")]
            YesCancel => "Sí, cancelarla",
            #[cfg(feature = "manage")]
            NoKeep => "No, mantenerla",
            #[cfg(feature = "manage")]
            NewTime => "Elegir una hora nueva",
            #[cfg(feature = "manage")]
            ConfirmMove => "¿Quiere cambiar su visita al {}?",
            #[cfg(feature = "manage")]
            YesMove => "Sí, cambiarla",
            #[cfg(feature = "manage")]
            Moved => "Su visita cambió a la nueva hora.",
            #[cfg(feature = "manage")]
            BadLink => "Este enlace ya no funciona. Puede ser viejo o estar incompleto. Llámenos al {}.",
            #[cfg(feature = "manage")]
            BookNew => "Reservar una visita nueva",
            FbTitle => "Díganos cómo lo hicimos",
            FbOptional => " (opcional)",
            PickNumber => "Elija un número, por favor.",
            FbSend => "Enviar mis respuestas",
            FbSending => "Enviando…",
            FbNotNow => "Ahora no",
            FbWontAsk => "Está bien, no le volveremos a preguntar.",
            FbThanks => "Gracias. Sus respuestas nos ayudan a mejorar.",
            FbSorryBooking => "Lo siento, fue difícil hacer su cita.",
            FbSorryVisit => "Lo siento, su visita no fue buena.",
            FbThanksTelling => "Gracias por decírnoslo.",
            FbCallNow => "Si quiere hablar ahora, llámenos al {}.",
            FbBy => "Es decir, a más tardar el {}.",
            #[cfg(feature = "booking")]
            FbWhatHard => "¿Qué fue difícil?",
            FbAlready => "Ya tenemos sus respuestas sobre esta visita. Gracias. ¿Preguntas? Llámenos al {}.",
            #[cfg(feature = "after-visit")]
            FbSent => "Gracias por sus respuestas.",
            #[cfg(feature = "after-visit")]
            FbWillContact => "Alguien de nuestra clínica se comunicará con usted a más tardar el {}.",
            #[cfg(feature = "after-visit")]
            FbHandled => "Nuestra clínica se ocupó de esto el {}. Gracias por decírnoslo.",
            #[cfg(feature = "after-visit")]
            FbCount => "{} de {} letras",
            #[cfg(feature = "after-visit")]
            FbLeft => "Quedan {} letras.",
            #[cfg(feature = "after-visit")]
            FbTooLong => "Escriba menos, por favor. Puede tener hasta {} letras.",
            #[cfg(feature = "after-visit")]
            FbCallMe => "Llámenme",
            #[cfg(feature = "after-visit")]
            FbTextMe => "Envíenme un mensaje de texto",
            #[cfg(feature = "after-visit")]
            FbEmailMe => "Envíenme un correo",
            #[cfg(feature = "after-visit")]
            FbNoThanks => "No, gracias",
            #[cfg(feature = "after-visit")]
            FbPhoneToUse => "Teléfono para llamarle (opcional)",
            #[cfg(feature = "after-visit")]
            FbEmailToUse => "Correo para escribirle (opcional)",
            #[cfg(feature = "after-visit")]
            FbOnFile => "Déjelo vacío y usaremos el que tenemos.",
            #[cfg(feature = "feedback")]
            FbAbout => "Esto es sobre su visita del {}.",
            #[cfg(feature = "feedback")]
            FbNotes => "Ustedes nos dijeron, y lo hicimos",
            #[cfg(feature = "instructions")]
            InstructionsTitle => "Sus instrucciones de la visita",
            #[cfg(feature = "instructions")]
            VerifyIntro => "Para proteger su información, escriba su fecha de nacimiento.",
            #[cfg(feature = "instructions")]
            ShowInstructions => "Ver mis instrucciones",
            #[cfg(feature = "instructions")]
            Checking => "Revisando…",
            #[cfg(feature = "instructions")]
            DateMismatch => "Esa fecha no coincide con nuestros registros. Revísela e intente de nuevo.",
            #[cfg(feature = "instructions")]
            LinkLocked => "Lo siento, este enlace está bloqueado por muchos intentos. Llámenos al {}. Le ayudamos a recibir sus instrucciones.",
            #[cfg(any(feature = "instructions", feature = "feedback"))]
            LinkExpired => "Lo siento, este enlace ya venció. Llámenos al {}. Le podemos enviar uno nuevo.",
            #[cfg(any(feature = "instructions", feature = "feedback"))]
            LinkBroken => "Lo siento, este enlace no funciona. Puede estar incompleto o ya no se usa. Llámenos al {}. Le podemos enviar uno nuevo.",
            #[cfg(feature = "instructions")]
            SessionEnded => "Para proteger su información, cerramos sus instrucciones después de un rato. Escriba otra vez su fecha de nacimiento.",
            #[cfg(feature = "instructions")]
            GettingInstructions => "Buscando sus instrucciones…",
            #[cfg(any(feature = "instructions", feature = "feedback"))]
            Hello => "Hola, {}.",
            #[cfg(feature = "instructions")]
            Call911 => "Llame al 911",
            #[cfg(feature = "instructions")]
            CallUsAt => "Llámenos al {}.",
            #[cfg(feature = "instructions")]
            Understand => "Leí y entiendo esta parte",
            #[cfg(feature = "instructions")]
            Saving => "Guardando…",
            #[cfg(feature = "instructions")]
            Saved => "Guardado. Gracias.",
            #[cfg(feature = "instructions")]
            SaveFailed => "No pudimos guardar esto. Intente de nuevo.",
            #[cfg(feature = "instructions")]
            MedicineTimes => "Cuándo tomar sus medicinas",
            #[cfg(feature = "instructions")]
            Medicine => "Medicina",
            #[cfg(feature = "instructions")]
            TakeAt => "Cuándo",
            #[cfg(feature = "instructions")]
            Morning => "Mañana",
            #[cfg(feature = "instructions")]
            Noon => "Mediodía",
            #[cfg(feature = "instructions")]
            Evening => "Tarde",
            #[cfg(feature = "instructions")]
            Bedtime => "Al dormir",
            #[cfg(feature = "instructions")]
            WithFood => "Con comida",
            #[cfg(feature = "instructions")]
            HowLong => "Por cuánto tiempo",
            #[cfg(feature = "instructions")]
            Yes => "Sí",
            #[cfg(feature = "instructions")]
            No => "No",
            #[cfg(feature = "instructions")]
            QuizTitle => "Unas preguntas rápidas",
            #[cfg(feature = "instructions")]
            CheckAnswer => "Revisar mi respuesta",
            #[cfg(feature = "instructions")]
            PickAnswer => "Elija una respuesta.",
            #[cfg(feature = "instructions")]
            Right => "Así es.",
            #[cfg(feature = "instructions")]
            NotQuite => "No exactamente. Lea otra vez \"{}\".",
            #[cfg(feature = "instructions")]
            GoToPart => "Ir a \"{}\"",
            #[cfg(feature = "instructions")]
            AnswerFailed => "No pudimos revisar su respuesta. Intente de nuevo.",
            #[cfg(feature = "instructions")]
            Print => "Imprimir estas instrucciones",
            #[cfg(feature = "instructions")]
            Language => "Idioma",
            #[cfg(feature = "instructions")]
            BookFollowUp => "Reservar su visita de control",
            #[cfg(feature = "instructions")]
            NextVisitOn => "Su próxima visita debe ser el {}.",
            #[cfg(feature = "instructions")]
            QuestionsCall => "¿Preguntas? Llame a la clínica:",
        },
    }
}

/// The words for `msg` with each `{}` replaced by the next of `values`.
pub fn fill(lang: Lang, msg: Msg, values: &[&str]) -> String {
    portal_core::words::fill(text(lang, msg), values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_go_where_the_braces_are() {
        assert_eq!(
            fill(Lang::En, Msg::StepOf, &["2", "Who and where?"]),
            "Step 2 of 5: Who and where?"
        );
        assert_eq!(
            fill(Lang::Es, Msg::StepOf, &["2", "¿Con quién y dónde?"]),
            "Paso 2 de 5: ¿Con quién y dónde?"
        );
        assert_eq!(fill(Lang::En, Msg::Back, &["unused"]), "Back");
    }

    #[cfg(feature = "manage")]
    #[test]
    fn both_languages_take_the_same_values() {
        // Every message, not a hand-picked few: both languages have words, and the same number
        // of places for values, so `fill` never drops one or leaves a `{}` on screen.
        use strum::IntoEnumIterator;
        let mut checked = 0;
        for msg in Msg::iter() {
            let (en, es) = (text(Lang::En, msg), text(Lang::Es, msg));
            assert!(!en.trim().is_empty() && !es.trim().is_empty(), "{msg:?}");
            assert_eq!(
                en.matches("{}").count(),
                es.matches("{}").count(),
                "{msg:?}: {en:?} / {es:?}"
            );
            checked += 1;
        }
        assert!(checked > 150, "only {checked} messages were walked");
    }

    #[cfg(feature = "manage")]
    #[test]
    fn every_error_that_stops_the_patient_offers_the_phone() {
        use Msg::*;
        for msg in [
            ReturningOnly,
            NoTimes,
            NetworkFailed,
            NotBookable,
            TooMany,
            RateLimited,
            SomethingWrong,
            BadLink,
            SameDay,
        ] {
            for lang in [Lang::En, Lang::Es] {
                assert!(
                    text(lang, msg).contains("{}"),
                    "{msg:?} in {lang:?} has no phone"
                );
            }
        }
    }

    #[test]
    fn the_feedback_words_take_the_same_values_and_an_error_offers_the_phone() {
        use Msg::*;
        for msg in [FbCallNow, FbAlready] {
            for lang in [Lang::En, Lang::Es] {
                assert_eq!(
                    text(lang, msg).matches("{}").count(),
                    1,
                    "{msg:?} in {lang:?}"
                );
            }
        }
        assert_eq!(
            text(Lang::En, FbSorryVisit),
            "I'm sorry your visit wasn't good."
        );
        assert_eq!(text(Lang::En, FbWontAsk), "OK, we won't ask again.");
    }

    #[cfg(feature = "after-visit")]
    #[test]
    fn the_after_visit_words_take_the_same_values() {
        use Msg::*;
        assert_eq!(fill(Lang::En, FbCount, &["3", "500"]), "3 of 500 letters");
        assert_eq!(fill(Lang::Es, FbCount, &["3", "500"]), "3 de 500 letras");
        for msg in [FbLeft, FbTooLong, FbWillContact, FbHandled] {
            assert_eq!(text(Lang::En, msg).matches("{}").count(), 1, "{msg:?}");
            assert_eq!(text(Lang::Es, msg).matches("{}").count(), 1, "{msg:?}");
        }
    }

    #[cfg(feature = "instructions")]
    #[test]
    fn the_instructions_words_take_the_same_values_and_a_stopped_link_offers_the_phone() {
        use Msg::*;
        for msg in [
            LinkLocked,
            LinkExpired,
            LinkBroken,
            Hello,
            CallUsAt,
            NotQuite,
            GoToPart,
            NextVisitOn,
        ] {
            let count = |lang| text(lang, msg).matches("{}").count();
            assert_eq!(count(Lang::En), 1, "{msg:?}");
            assert_eq!(count(Lang::Es), 1, "{msg:?}");
        }
        assert_eq!(
            fill(Lang::En, NotQuite, &["Your medicines"]),
            "Not quite. Please read \"Your medicines\" again."
        );
        assert_eq!(
            text(Lang::En, DateMismatch),
            "That date doesn't match our records. Please check it and try again."
        );
    }
}
