//! Every patient-facing sentence, in English and Spanish (see shared/VOICE.md).
//! Days and times are not here: portal-core's `clock` words them, for the widget and the messages.
//! Problems with what the patient typed come from `portal_core::patient::Problem::message`, so
//! the widget and the server say the same words.

use portal_core::words;

pub use portal_core::Language;

/// Declares every message once: the `Msg` key with its doc, at most one `cfg` (the bundles
/// that say it), and its English and Spanish side by side. [`text`] is generated from the same
/// list, so a message cannot have one language without the other.
macro_rules! messages {
    ($(
        $(#[doc = $doc:literal])*
        $(#[cfg($cfg:meta)])?
        $name:ident { en: $en:expr, es: $es:expr $(,)? }
    )*) => {
        /// A message key; [`text`] gives its words. `{}` marks where [`fill`] puts a value.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[cfg_attr(test, derive(strum::EnumIter))]
        pub enum Msg {
            $(
                $(#[doc = $doc])*
                $(#[cfg($cfg)])?
                $name,
            )*
        }

        /// The words for `msg` in `lang`.
        pub fn text(lang: Language, msg: Msg) -> &'static str {
            // One table per language (smaller than a pair per message).
            match lang {
                Language::En => match msg {
                    $($(#[cfg($cfg)])? Msg::$name => $en,)*
                },
                Language::Es => match msg {
                    $($(#[cfg($cfg)])? Msg::$name => $es,)*
                },
            }
        }
    };
}

messages! {
    /// Shown while the clinic's details load.
    Loading {
        en: "Loading…",
        es: "Cargando…",
    }
    /// Label before the clinic's phone number.
    CallUs {
        en: words::CALL_US.en,
        es: words::CALL_US.es,
    }
    /// The clinic could not be reached.
    CantReachClinic {
        en: "We can't reach the clinic right now. Please try again, or call us.",
        es: "No podemos comunicarnos con la clínica en este momento. Intente de nuevo o llámenos.",
    }
    /// Button to try again.
    TryAgain {
        en: "Try again",
        es: "Intentar de nuevo",
    }
    /// The page is not allowed to show the widget (not in the clinic's `embed_origins`).
    CantBookHere {
        en: "Sorry, this page can't show the clinic's online services right now. Please call us.",
        es: "Lo sentimos, esta página no puede mostrar los servicios en línea de la clínica ahora. Llámenos.",
    }
    /// "Step 2 of 5: Who and where?"
    #[cfg(any(feature = "booking", feature = "manage"))]
    StepOf {
        en: words::STEP_OF.en,
        es: words::STEP_OF.es,
    }
    /// Step 1 heading.
    #[cfg(any(feature = "booking", feature = "manage"))]
    VisitTitle {
        en: words::VISIT_TITLE.en,
        es: words::VISIT_TITLE.es,
    }
    /// Step 2 heading.
    #[cfg(any(feature = "booking", feature = "manage"))]
    WhoTitle {
        en: "Who and where?",
        es: "¿Con quién y dónde?",
    }
    /// Step 3 heading.
    #[cfg(any(feature = "booking", feature = "manage"))]
    WhenTitle {
        en: "When?",
        es: "¿Cuándo?",
    }
    /// Step 4 heading.
    #[cfg(any(feature = "booking", feature = "manage"))]
    AboutTitle {
        en: "About you",
        es: "Sus datos",
    }
    /// Step 5 heading.
    #[cfg(any(feature = "booking", feature = "manage"))]
    ReviewTitle {
        en: "Check your visit",
        es: "Revise su visita",
    }
    /// The confirmation's heading.
    #[cfg(any(feature = "booking", feature = "manage"))]
    BookedTitle {
        en: "Your visit is booked",
        es: "Su visita está reservada",
    }
    /// Button to the next step.
    #[cfg(any(feature = "booking", feature = "manage"))]
    Continue {
        en: words::CONTINUE.en,
        es: words::CONTINUE.es,
    }
    /// Button to the step before.
    #[cfg(any(feature = "booking", feature = "manage"))]
    Back {
        en: "Back",
        es: "Atrás",
    }
    /// Legend of the visit types.
    #[cfg(any(feature = "booking", feature = "manage"))]
    VisitTypeLegend {
        en: words::VISIT_TYPE_LEGEND.en,
        es: words::VISIT_TYPE_LEGEND.es,
    }
    /// A visit's length.
    #[cfg(any(feature = "booking", feature = "manage"))]
    Minutes {
        en: words::MINUTES.en,
        es: words::MINUTES.es,
    }
    /// Nothing picked in the visit types.
    #[cfg(any(feature = "booking", feature = "manage"))]
    PickVisitType {
        en: "Please pick a type of visit.",
        es: "Elija un tipo de visita.",
    }
    /// Legend of new or returning.
    #[cfg(any(feature = "booking", feature = "manage"))]
    BeenHereLegend {
        en: words::BEEN_HERE_LEGEND.en,
        es: words::BEEN_HERE_LEGEND.es,
    }
    /// Returning patient.
    #[cfg(any(feature = "booking", feature = "manage"))]
    BeenHereYes {
        en: words::BEEN_HERE_YES.en,
        es: words::BEEN_HERE_YES.es,
    }
    /// New patient.
    #[cfg(any(feature = "booking", feature = "manage"))]
    BeenHereNo {
        en: words::BEEN_HERE_NO.en,
        es: words::BEEN_HERE_NO.es,
    }
    /// Nothing picked in new or returning.
    #[cfg(any(feature = "booking", feature = "manage"))]
    PickBeenHere {
        en: "Please tell us if you have been here before.",
        es: "Díganos si ya ha venido antes.",
    }
    /// A new patient picked a visit for returning patients; `{}` is the phone.
    #[cfg(any(feature = "booking", feature = "manage"))]
    ReturningOnly {
        en: "This visit is for patients who have been here before. Please pick another type of visit, like a sick visit. Or call us at {} and we will help you.",
        es: "Esta visita es para pacientes que ya han venido antes. Elija otro tipo de visita, como una consulta por enfermedad. O llámenos al {} y le ayudamos.",
    }
    /// Legend of the providers.
    #[cfg(any(feature = "booking", feature = "manage"))]
    ProviderLegend {
        en: "Who would you like to see?",
        es: "¿Con quién quiere su visita?",
    }
    /// Any provider.
    #[cfg(any(feature = "booking", feature = "manage"))]
    FirstAvailable {
        en: "First available",
        es: "El primero disponible",
    }
    /// What "first available" means.
    #[cfg(any(feature = "booking", feature = "manage"))]
    FirstAvailableHint {
        en: "Any of our providers. You get the earliest time.",
        es: "Cualquiera de nuestros proveedores. Le damos la hora más pronta.",
    }
    /// Languages a provider speaks; `{}` is the list.
    #[cfg(any(feature = "booking", feature = "manage"))]
    Speaks {
        en: "Speaks: {}",
        es: "Habla: {}",
    }
    /// Legend of the offices.
    #[cfg(any(feature = "booking", feature = "manage"))]
    LocationLegend {
        en: "Which office?",
        es: "¿En qué oficina?",
    }
    /// Any office.
    #[cfg(any(feature = "booking", feature = "manage"))]
    AnyOffice {
        en: "Any office",
        es: "Cualquier oficina",
    }
    /// Before the next open time.
    #[cfg(any(feature = "booking", feature = "manage"))]
    NextAvailable {
        en: "Next available:",
        es: "Próxima hora libre:",
    }
    /// Before a provider's name.
    #[cfg(any(feature = "booking", feature = "manage"))]
    With {
        en: "with",
        es: "con",
    }
    /// A time in two zones; `{}` the patient's, `{}` the clinic's.
    YourTime {
        en: "{} your time ({} clinic time)",
        es: "{} su hora ({} hora de la clínica)",
    }
    /// Heading of the days.
    #[cfg(any(feature = "booking", feature = "manage"))]
    PickDay {
        en: "Or pick a day",
        es: "O elija un día",
    }
    /// Label of a day's times; `{}` is the day.
    #[cfg(any(feature = "booking", feature = "manage"))]
    TimesOn {
        en: "Open times on {}",
        es: "Horas libres el {}",
    }
    /// Button for the next 7 days.
    #[cfg(any(feature = "booking", feature = "manage"))]
    ShowMore {
        en: "Show the next 7 days",
        es: "Ver los 7 días siguientes",
    }
    /// A day's times before noon.
    #[cfg(any(feature = "booking", feature = "manage"))]
    DayMorning {
        en: "Morning",
        es: "Mañana",
    }
    /// A day's times from noon to 5 PM.
    #[cfg(any(feature = "booking", feature = "manage"))]
    DayAfternoon {
        en: "Afternoon",
        es: "Tarde",
    }
    /// A day's times from 5 PM.
    #[cfg(any(feature = "booking", feature = "manage"))]
    DayEvening {
        en: "Evening",
        es: "Noche",
    }
    /// Button showing a part of the day's other times; `{}` how many, `{}` the part of day.
    #[cfg(any(feature = "booking", feature = "manage"))]
    MoreTimes {
        en: "Show {} more {} times",
        es: "Ver {} horas más de la {}",
    }
    /// Shown while times load.
    #[cfg(any(feature = "booking", feature = "manage"))]
    LookingForTimes {
        en: "Looking for open times…",
        es: "Buscando horas libres…",
    }
    /// No open time in the days shown so far.
    #[cfg(any(feature = "booking", feature = "manage"))]
    NoTimesInDays {
        en: "No open times on these days.",
        es: "No hay horas libres en estos días.",
    }
    /// No open time at all; `{}` is the phone.
    #[cfg(any(feature = "booking", feature = "manage"))]
    NoTimes {
        en: "There are no open times to book online right now. Please call us at {}. We will help you find a time.",
        es: "Ahora no hay horas libres para reservar en línea. Llámenos al {}. Le ayudamos a encontrar una hora.",
    }
    /// Heading of the error summary.
    FixThese {
        en: "Please check these answers:",
        es: "Revise estas respuestas:",
    }
    /// Full name label.
    #[cfg(any(feature = "booking", feature = "manage"))]
    Name {
        en: "Full name",
        es: "Nombre completo",
    }
    /// Full name hint.
    #[cfg(any(feature = "booking", feature = "manage"))]
    NameHint {
        en: "As it is on your insurance card.",
        es: "Como está en su tarjeta del seguro.",
    }
    /// Preferred name label.
    #[cfg(any(feature = "booking", feature = "manage"))]
    Preferred {
        en: "What should we call you? (optional)",
        es: "¿Cómo quiere que le llamemos? (opcional)",
    }
    /// Date of birth legend.
    BirthDate {
        en: words::BIRTH_DATE.en,
        es: words::BIRTH_DATE.es,
    }
    /// Date of birth hint.
    BirthDateHint {
        en: words::BIRTH_DATE_HINT.en,
        es: words::BIRTH_DATE_HINT.es,
    }
    /// Month label.
    Month {
        en: words::MONTH.en,
        es: words::MONTH.es,
    }
    /// Day label.
    Day {
        en: words::DAY.en,
        es: words::DAY.es,
    }
    /// Year label.
    Year {
        en: words::YEAR.en,
        es: words::YEAR.es,
    }
    /// Phone label.
    #[cfg(any(feature = "booking", feature = "manage"))]
    Phone {
        en: "Phone",
        es: "Teléfono",
    }
    /// Email label.
    #[cfg(any(feature = "booking", feature = "manage"))]
    Email {
        en: "Email",
        es: "Correo electrónico",
    }
    /// Why a phone or email.
    #[cfg(any(feature = "booking", feature = "manage"))]
    ContactHint {
        en: "Give a phone or an email, so we can reach you.",
        es: "Escriba un teléfono o un correo, para poder comunicarnos con usted.",
    }
    /// Reason label.
    #[cfg(any(feature = "booking", feature = "manage"))]
    Reason {
        en: "Why do you want to come in?",
        es: "¿Por qué quiere venir?",
    }
    /// Reason hint.
    #[cfg(any(feature = "booking", feature = "manage"))]
    ReasonHint {
        en: "In your own words. For example: a cough for a week.",
        es: "Con sus palabras. Por ejemplo: tengo tos desde hace una semana.",
    }
    /// Characters used; `{}` is the count.
    #[cfg(any(feature = "booking", feature = "manage"))]
    Count {
        en: "{} of 500 letters",
        es: "{} de 500 letras",
    }
    /// Interpreter label.
    #[cfg(any(feature = "booking", feature = "manage"))]
    Interpreter {
        en: "Do you need an interpreter? Write the language. (optional)",
        es: "¿Necesita un intérprete? Escriba el idioma. (opcional)",
    }
    /// "Anything we should know?" label.
    #[cfg(any(feature = "booking", feature = "manage"))]
    Notes {
        en: "Anything we should know? (optional)",
        es: "¿Hay algo más que debamos saber? (opcional)",
    }
    /// Notes hint.
    #[cfg(any(feature = "booking", feature = "manage"))]
    NotesHint {
        en: "For example: I use a wheelchair, or I don't hear well.",
        es: "Por ejemplo: uso silla de ruedas, o no oigo bien.",
    }
    /// Review row: the visit type.
    #[cfg(any(feature = "booking", feature = "manage"))]
    VisitRow {
        en: "Visit",
        es: "Visita",
    }
    /// Review row: the provider.
    #[cfg(any(feature = "booking", feature = "manage"))]
    WithRow {
        en: "With",
        es: "Con",
    }
    /// Review row: the place.
    #[cfg(any(feature = "booking", feature = "manage"))]
    WhereRow {
        en: "Where",
        es: "Dónde",
    }
    /// Review row: the time.
    #[cfg(any(feature = "booking", feature = "manage"))]
    WhenRow {
        en: "When",
        es: "Cuándo",
    }
    /// First visit to this clinic.
    #[cfg(any(feature = "booking", feature = "manage"))]
    FirstVisit {
        en: "First visit here",
        es: "Primera visita aquí",
    }
    /// Has been here before.
    #[cfg(any(feature = "booking", feature = "manage"))]
    ReturningVisit {
        en: "Been here before",
        es: "Ya ha venido antes",
    }
    /// A video visit's place.
    #[cfg(any(feature = "booking", feature = "manage"))]
    VideoVisit {
        en: "Video visit. We will text you a link.",
        es: "Visita por video. Le enviaremos un enlace por mensaje de texto.",
    }
    /// Button back to a step from the review.
    #[cfg(any(feature = "booking", feature = "manage"))]
    Change {
        en: "Change",
        es: "Cambiar",
    }
    /// Button that books.
    #[cfg(any(feature = "booking", feature = "manage"))]
    Book {
        en: "Book this visit",
        es: "Reservar esta visita",
    }
    /// While booking.
    #[cfg(any(feature = "booking", feature = "manage"))]
    Booking {
        en: "Booking your visit…",
        es: "Reservando su visita…",
    }
    /// The time was taken meanwhile; `{}` is the time.
    #[cfg(any(feature = "booking", feature = "manage"))]
    SlotTaken {
        en: "Someone just booked {}. These times are still open:",
        es: "Alguien acaba de reservar la hora de las {}. Estas horas siguen libres:",
    }
    /// Button back to the times.
    #[cfg(any(feature = "booking", feature = "manage"))]
    PickAnother {
        en: "Pick another time",
        es: "Elegir otra hora",
    }
    /// The patient already has a visit that day; `{}` is the phone.
    #[cfg(feature = "booking")]
    SameDay {
        en: "You already have a visit with us that day. Did you mean to change that one? Use the link from when you booked it, or call {}.",
        es: "Ya tiene una visita con nosotros ese día. ¿Quería cambiar esa visita? Use el enlace de cuando la reservó, o llame al {}.",
    }
    /// Button: book this visit as well as the one that day.
    #[cfg(feature = "booking")]
    BookAlso {
        en: "Book this one too",
        es: "Reservar esta también",
    }
    /// After an offered time: it is with another doctor than the patient picked.
    #[cfg(feature = "booking")]
    OtherDoctor {
        en: " (a different doctor)",
        es: " (otro médico)",
    }
    /// After an offered time: it is at another office.
    #[cfg(feature = "booking")]
    OtherOffice {
        en: " (a different office)",
        es: " (otra oficina)",
    }
    /// After an offered time: both.
    #[cfg(feature = "booking")]
    OtherBoth {
        en: " (a different doctor and office)",
        es: " (otro médico y otra oficina)",
    }
    /// The network failed while booking; `{}` is the phone.
    NetworkFailed {
        en: "We can't reach the clinic right now. Your answers are saved. Try again, or call {}.",
        es: "No podemos comunicarnos con la clínica ahora. Sus respuestas están guardadas. Intente de nuevo o llame al {}.",
    }
    /// The time can no longer be booked online; `{}` is the phone.
    #[cfg(any(feature = "booking", feature = "manage"))]
    NotBookable {
        en: "I'm sorry, this time can't be booked online anymore. Please pick another time, or call us at {}.",
        es: "Lo siento, esta hora ya no se puede reservar en línea. Elija otra hora o llámenos al {}.",
    }
    /// The patient has too many visits booked; `{}` is the phone.
    #[cfg(any(feature = "booking", feature = "manage"))]
    TooMany {
        en: "You already have several visits booked. To book one more, please call us at {}.",
        es: "Ya tiene varias visitas reservadas. Para reservar otra, llámenos al {}.",
    }
    /// Too many tries; `{}` is the phone.
    RateLimited {
        en: "There were many tries in a short time. Please wait a minute and try again, or call us at {}.",
        es: "Hubo muchos intentos en poco tiempo. Espere un minuto e intente de nuevo, o llámenos al {}.",
    }
    /// Anything else failed; `{}` is the phone.
    SomethingWrong {
        en: "I'm sorry, something went wrong on our side. Your answers are saved. Please try again, or call us at {}.",
        es: "Lo siento, algo falló de nuestro lado. Sus respuestas están guardadas. Intente de nuevo o llámenos al {}.",
    }
    /// Greeting on the confirmation; `{}` is the preferred name.
    #[cfg(any(feature = "booking", feature = "manage"))]
    ThankYou {
        en: "Thank you, {}.",
        es: "Gracias, {}.",
    }
    /// Review row: what to do before the visit.
    #[cfg(any(feature = "booking", feature = "manage"))]
    BeforeRow {
        en: "Before your visit",
        es: "Antes de su visita",
    }
    /// What happens next.
    #[cfg(any(feature = "booking", feature = "manage"))]
    WhatNext {
        en: "If something changes, we will call you.",
        es: "Si algo cambia, le llamaremos.",
    }
    /// Button that downloads the .ics file.
    #[cfg(any(feature = "booking", feature = "manage"))]
    AddToCalendar {
        en: "Add to calendar",
        es: "Agregar al calendario",
    }
    /// The .ics file could not be fetched.
    #[cfg(any(feature = "booking", feature = "manage"))]
    CalendarFailed {
        en: "We couldn't get the calendar file. Please try again.",
        es: "No pudimos obtener el archivo del calendario. Intente de nuevo.",
    }
    /// The manage link.
    #[cfg(any(feature = "booking", feature = "manage"))]
    ManageLink {
        en: "Change or cancel this visit",
        es: "Cambiar o cancelar esta visita",
    }
    /// Why to keep the manage link.
    #[cfg(any(feature = "booking", feature = "manage"))]
    KeepLink {
        en: "Keep this link. It lets you change or cancel your visit. Don't share it.",
        es: "Guarde este enlace. Con él puede cambiar o cancelar su visita. No lo comparta.",
    }
    /// The question: how to hear about the visit.
    #[cfg(any(feature = "booking", feature = "manage"))]
    ReachLegend {
        en: "How should we reach you about this visit?",
        es: "¿Cómo le avisamos sobre esta visita?",
    }
    /// Texts only.
    #[cfg(any(feature = "booking", feature = "manage"))]
    ReachText {
        en: "Text me",
        es: "Por mensaje de texto",
    }
    /// Email only.
    #[cfg(any(feature = "booking", feature = "manage"))]
    ReachEmail {
        en: "Email me",
        es: "Por correo electrónico",
    }
    /// Texts and email.
    #[cfg(any(feature = "booking", feature = "manage"))]
    ReachBoth {
        en: "Text and email me",
        es: "Por texto y por correo",
    }
    /// No messages.
    #[cfg(any(feature = "booking", feature = "manage"))]
    ReachNeither {
        en: "No messages, please",
        es: "Sin mensajes, por favor",
    }
    /// What messages are sent, and how to stop texts.
    #[cfg(any(feature = "booking", feature = "manage"))]
    ReachConsent {
        en: "We only send messages about this visit, like a reminder. Your phone plan's text rates may apply. Reply STOP to stop texts.",
        es: "Solo le enviamos mensajes sobre esta visita, como un recordatorio. Su plan de teléfono puede cobrar los mensajes. Responda STOP para no recibir más.",
    }
    /// Where the confirmation went, and that a reminder follows.
    #[cfg(any(feature = "booking", feature = "manage"))]
    SentTo {
        en: "We sent this to {}. We will remind you before the visit.",
        es: "Le enviamos esto a {}. Le recordaremos la visita antes.",
    }
    /// The manage view's heading.
    #[cfg(feature = "manage")]
    YourVisit {
        en: "Your visit",
        es: "Su visita",
    }
    /// The visit is cancelled.
    #[cfg(feature = "manage")]
    IsCancelled {
        en: "This visit is cancelled.",
        es: "Esta visita está cancelada.",
    }
    /// Button that asks to cancel.
    #[cfg(feature = "manage")]
    CancelVisit {
        en: "Cancel this visit",
        es: "Cancelar esta visita",
    }
    /// Confirm question for cancelling.
    #[cfg(feature = "manage")]
    ConfirmCancel {
        en: "Do you want to cancel this visit?",
        es: "¿Quiere cancelar esta visita?",
    }
    /// Confirm cancelling.
    #[cfg(feature = "manage")]
    YesCancel {
        en: "Yes, cancel it",
        es: "Sí, cancelarla",
    }
    /// Keep the visit as it is.
    #[cfg(feature = "manage")]
    NoKeep {
        en: "No, keep it",
        es: "No, mantenerla",
    }
    /// Button to reschedule.
    #[cfg(feature = "manage")]
    NewTime {
        en: "Pick a new time",
        es: "Elegir una hora nueva",
    }
    /// Confirm question for moving; `{}` is the new time.
    #[cfg(feature = "manage")]
    ConfirmMove {
        en: "Move your visit to {}?",
        es: "¿Quiere cambiar su visita al {}?",
    }
    /// Confirm moving.
    #[cfg(feature = "manage")]
    YesMove {
        en: "Yes, move it",
        es: "Sí, cambiarla",
    }
    /// After moving.
    #[cfg(feature = "manage")]
    Moved {
        en: "Your visit is moved to the new time.",
        es: "Su visita cambió a la nueva hora.",
    }
    /// The manage link does not work; `{}` is the phone.
    #[cfg(feature = "manage")]
    BadLink {
        en: "This link doesn't work anymore. It may be old or cut short. Please call us at {}.",
        es: "Este enlace ya no funciona. Puede ser viejo o estar incompleto. Llámenos al {}.",
    }
    /// Button to start a new booking.
    #[cfg(feature = "manage")]
    BookNew {
        en: "Book a new visit",
        es: "Reservar una visita nueva",
    }
    /// The feedback region's heading.
    FbTitle {
        en: "Tell us how we did",
        es: "Díganos cómo lo hicimos",
    }
    /// After a question that need not be answered.
    FbOptional {
        en: " (optional)",
        es: " (opcional)",
    }
    /// A needed number was not picked.
    PickNumber {
        en: "Please pick a number.",
        es: "Elija un número, por favor.",
    }
    /// Button that sends the answers.
    FbSend {
        en: "Send my answers",
        es: "Enviar mis respuestas",
    }
    /// While the answers are sent.
    FbSending {
        en: "Sending…",
        es: "Enviando…",
    }
    /// Button that closes the questions.
    FbNotNow {
        en: "Not now",
        es: "Ahora no",
    }
    /// After "Not now".
    FbWontAsk {
        en: "OK, we won't ask again.",
        es: "Está bien, no le volveremos a preguntar.",
    }
    /// After sending, when no one needs to follow up.
    FbThanks {
        en: "Thank you. Your answers help us do better.",
        es: "Gracias. Sus respuestas nos ayudan a mejorar.",
    }
    /// Booking was hard for the patient.
    FbSorryBooking {
        en: "I'm sorry booking was hard.",
        es: "Lo siento, fue difícil hacer su cita.",
    }
    /// The visit went badly for the patient.
    FbSorryVisit {
        en: "I'm sorry your visit wasn't good.",
        es: "Lo siento, su visita no fue buena.",
    }
    /// The patient asked to be contacted.
    FbThanksTelling {
        en: "Thank you for telling us.",
        es: "Gracias por decírnoslo.",
    }
    /// After the clinic's promise; `{}` is the phone.
    FbCallNow {
        en: "If you want to talk now, call us at {}.",
        es: "Si quiere hablar ahora, llámenos al {}.",
    }
    /// The promise's due time in the patient's words; `{}` is the day and time.
    FbBy {
        en: "That is by {}.",
        es: "Es decir, a más tardar el {}.",
    }
    /// After a low "how easy" score, the optional box: what made booking hard.
    #[cfg(feature = "booking")]
    FbWhatHard {
        en: "What made it hard?",
        es: "¿Qué fue difícil?",
    }
    /// The answers were sent before; `{}` is the phone.
    FbAlready {
        en: "We already have your answers for this visit. Thank you. Questions? Call us at {}.",
        es: "Ya tenemos sus respuestas sobre esta visita. Gracias. ¿Preguntas? Llámenos al {}.",
    }
    /// Answers sent on another day.
    #[cfg(feature = "after-visit")]
    FbSent {
        en: "Thank you for your answers.",
        es: "Gracias por sus respuestas.",
    }
    /// A follow-up is open; `{}` is when it is due.
    #[cfg(feature = "after-visit")]
    FbWillContact {
        en: "Someone from our clinic will contact you by {}.",
        es: "Alguien de nuestra clínica se comunicará con usted a más tardar el {}.",
    }
    /// The follow-up was handled; `{}` is the day.
    #[cfg(feature = "after-visit")]
    FbHandled {
        en: "Our clinic handled this on {}. Thank you for telling us.",
        es: "Nuestra clínica se ocupó de esto el {}. Gracias por decírnoslo.",
    }
    /// Letters used of the most; `{}` used, `{}` the most.
    #[cfg(feature = "after-visit")]
    FbCount {
        en: "{} of {} letters",
        es: "{} de {} letras",
    }
    /// Letters left, announced near the end; `{}` is how many.
    #[cfg(feature = "after-visit")]
    FbLeft {
        en: "{} letters left.",
        es: "Quedan {} letras.",
    }
    /// Too many letters; `{}` is the most.
    #[cfg(feature = "after-visit")]
    FbTooLong {
        en: "Please make this shorter. It can have up to {} letters.",
        es: "Escriba menos, por favor. Puede tener hasta {} letras.",
    }
    /// Contact by a call.
    #[cfg(feature = "after-visit")]
    FbCallMe {
        en: "Call me",
        es: "Llámenme",
    }
    /// Contact by a text message.
    #[cfg(feature = "after-visit")]
    FbTextMe {
        en: "Send me a text",
        es: "Envíenme un mensaje de texto",
    }
    /// Contact by email.
    #[cfg(feature = "after-visit")]
    FbEmailMe {
        en: "Email me",
        es: "Envíenme un correo",
    }
    /// No contact.
    #[cfg(feature = "after-visit")]
    FbNoThanks {
        en: "No, thank you",
        es: "No, gracias",
    }
    /// Label of the phone to use.
    #[cfg(feature = "after-visit")]
    FbPhoneToUse {
        en: "Phone number to use (optional)",
        es: "Teléfono para llamarle (opcional)",
    }
    /// Label of the email to use.
    #[cfg(feature = "after-visit")]
    FbEmailToUse {
        en: "Email to use (optional)",
        es: "Correo para escribirle (opcional)",
    }
    /// Hint under the phone or email to use.
    #[cfg(feature = "after-visit")]
    FbOnFile {
        en: "Leave it empty and we will use the one we have.",
        es: "Déjelo vacío y usaremos el que tenemos.",
    }
    /// Under the greeting; `{}` is the visit's day.
    #[cfg(feature = "feedback")]
    FbAbout {
        en: "This is about your visit on {}.",
        es: "Esto es sobre su visita del {}.",
    }
    /// Heading of the clinic's changes.
    #[cfg(feature = "feedback")]
    FbNotes {
        en: "You said, we did",
        es: "Ustedes nos dijeron, y lo hicimos",
    }
    /// The identity check's heading.
    #[cfg(feature = "instructions")]
    InstructionsTitle {
        en: words::INSTRUCTIONS_TITLE.en,
        es: words::INSTRUCTIONS_TITLE.es,
    }
    /// Why we ask for the date of birth.
    #[cfg(feature = "instructions")]
    VerifyIntro {
        en: words::VERIFY_INTRO.en,
        es: words::VERIFY_INTRO.es,
    }
    /// Button that checks the date of birth.
    #[cfg(feature = "instructions")]
    ShowInstructions {
        en: words::SHOW_INSTRUCTIONS.en,
        es: words::SHOW_INSTRUCTIONS.es,
    }
    /// While the date of birth is checked.
    #[cfg(feature = "instructions")]
    Checking {
        en: "Checking…",
        es: "Revisando…",
    }
    /// The date of birth is not the one on the packet.
    #[cfg(feature = "instructions")]
    DateMismatch {
        en: "That date doesn't match our records. Please check it and try again.",
        es: "Esa fecha no coincide con nuestros registros. Revísela e intente de nuevo.",
    }
    /// Too many wrong dates; `{}` is the phone.
    #[cfg(feature = "instructions")]
    LinkLocked {
        en: "I'm sorry, this link is locked after too many tries. Please call us at {}. We will help you get your instructions.",
        es: "Lo siento, este enlace está bloqueado por muchos intentos. Llámenos al {}. Le ayudamos a recibir sus instrucciones.",
    }
    /// The link is too old; `{}` is the phone.
    #[cfg(any(feature = "instructions", feature = "feedback"))]
    LinkExpired {
        en: "I'm sorry, this link is too old to use now. Please call us at {}. We can send you a new one.",
        es: "Lo siento, este enlace ya venció. Llámenos al {}. Le podemos enviar uno nuevo.",
    }
    /// The link is unknown, cut short or turned off; `{}` is the phone.
    #[cfg(any(feature = "instructions", feature = "feedback"))]
    LinkBroken {
        en: "I'm sorry, this link doesn't work. It may be cut short or no longer in use. Please call us at {}. We can send you a new one.",
        es: "Lo siento, este enlace no funciona. Puede estar incompleto o ya no se usa. Llámenos al {}. Le podemos enviar uno nuevo.",
    }
    /// The reading session ended.
    #[cfg(feature = "instructions")]
    SessionEnded {
        en: "To keep your information private, we closed your instructions after a while. Please enter your date of birth again.",
        es: "Para proteger su información, cerramos sus instrucciones después de un rato. Escriba otra vez su fecha de nacimiento.",
    }
    /// While the instructions load.
    #[cfg(feature = "instructions")]
    GettingInstructions {
        en: "Getting your instructions…",
        es: "Buscando sus instrucciones…",
    }
    /// The greeting; `{}` is the preferred name.
    #[cfg(any(feature = "instructions", feature = "feedback"))]
    Hello {
        en: "Hello, {}.",
        es: "Hola, {}.",
    }
    /// The emergency box's link.
    #[cfg(feature = "instructions")]
    Call911 {
        en: "Call 911",
        es: "Llame al 911",
    }
    /// Under the "call us" part; `{}` is the phone.
    #[cfg(feature = "instructions")]
    CallUsAt {
        en: "Call us at {}.",
        es: "Llámenos al {}.",
    }
    /// The checkbox under each part.
    #[cfg(feature = "instructions")]
    Understand {
        en: "I read and understand this part",
        es: "Leí y entiendo esta parte",
    }
    /// While an answer is saved.
    #[cfg(feature = "instructions")]
    Saving {
        en: "Saving…",
        es: "Guardando…",
    }
    /// An answer was saved.
    #[cfg(feature = "instructions")]
    Saved {
        en: "Saved. Thank you.",
        es: "Guardado. Gracias.",
    }
    /// An answer could not be saved.
    #[cfg(feature = "instructions")]
    SaveFailed {
        en: "We couldn't save this. Please try again.",
        es: "No pudimos guardar esto. Intente de nuevo.",
    }
    /// The medicine table's caption.
    #[cfg(feature = "instructions")]
    MedicineTimes {
        en: "When to take your medicines",
        es: "Cuándo tomar sus medicinas",
    }
    /// Medicine column.
    #[cfg(feature = "instructions")]
    Medicine {
        en: "Medicine",
        es: "Medicina",
    }
    /// On a medicine's card, before its times of day.
    #[cfg(feature = "instructions")]
    TakeAt {
        en: "When",
        es: "Cuándo",
    }
    /// Morning column.
    #[cfg(feature = "instructions")]
    Morning {
        en: "Morning",
        es: "Mañana",
    }
    /// Noon column.
    #[cfg(feature = "instructions")]
    Noon {
        en: "Noon",
        es: "Mediodía",
    }
    /// Evening column.
    #[cfg(feature = "instructions")]
    Evening {
        en: "Evening",
        es: "Tarde",
    }
    /// Bedtime column.
    #[cfg(feature = "instructions")]
    Bedtime {
        en: "Bedtime",
        es: "Al dormir",
    }
    /// Food column.
    #[cfg(feature = "instructions")]
    WithFood {
        en: "With food",
        es: "Con comida",
    }
    /// Duration column.
    #[cfg(feature = "instructions")]
    HowLong {
        en: "How long",
        es: "Por cuánto tiempo",
    }
    /// Take it at this time.
    #[cfg(feature = "instructions")]
    Yes {
        en: "Yes",
        es: "Sí",
    }
    /// Not at this time.
    #[cfg(feature = "instructions")]
    No {
        en: "No",
        es: "No",
    }
    /// The teach-back questions' heading.
    #[cfg(feature = "instructions")]
    QuizTitle {
        en: "A few quick questions",
        es: "Unas preguntas rápidas",
    }
    /// Button that sends an answer.
    #[cfg(feature = "instructions")]
    CheckAnswer {
        en: "Check my answer",
        es: "Revisar mi respuesta",
    }
    /// No choice was picked.
    #[cfg(feature = "instructions")]
    PickAnswer {
        en: "Please pick an answer.",
        es: "Elija una respuesta.",
    }
    /// The answer is right.
    #[cfg(feature = "instructions")]
    Right {
        en: "That's right.",
        es: "Así es.",
    }
    /// The answer is not right; `{}` is the part to read.
    #[cfg(feature = "instructions")]
    NotQuite {
        en: "Not quite. Please read \"{}\" again.",
        es: "No exactamente. Lea otra vez \"{}\".",
    }
    /// Button to the part to read; `{}` is its heading.
    #[cfg(feature = "instructions")]
    GoToPart {
        en: "Go to \"{}\"",
        es: "Ir a \"{}\"",
    }
    /// An answer could not be checked.
    #[cfg(feature = "instructions")]
    AnswerFailed {
        en: "We couldn't check your answer. Please try again.",
        es: "No pudimos revisar su respuesta. Intente de nuevo.",
    }
    /// Button that prints.
    #[cfg(feature = "instructions")]
    Print {
        en: "Print these instructions",
        es: "Imprimir estas instrucciones",
    }
    /// Label of the language buttons.
    #[cfg(feature = "instructions")]
    LanguageLabel {
        en: "Language",
        es: "Idioma",
    }
    /// Button that books the follow-up visit.
    #[cfg(feature = "instructions")]
    BookFollowUp {
        en: "Book your follow-up",
        es: "Reservar su visita de control",
    }
    /// When to come back; `{}` is the day.
    #[cfg(feature = "instructions")]
    NextVisitOn {
        en: "Your next visit should be on {}.",
        es: "Su próxima visita debe ser el {}.",
    }
    /// Before the clinic's phone.
    #[cfg(feature = "instructions")]
    QuestionsCall {
        en: "Questions? Call the clinic:",
        es: "¿Preguntas? Llame a la clínica:",
    }
}

/// The words for `msg` with each `{}` replaced by the next of `values`.
pub fn fill(lang: Language, msg: Msg, values: &[&str]) -> String {
    portal_core::words::fill(text(lang, msg), values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_go_where_the_braces_are() {
        assert_eq!(
            fill(Language::En, Msg::StepOf, &["2", "Who and where?"]),
            "Step 2 of 5: Who and where?"
        );
        assert_eq!(
            fill(Language::Es, Msg::StepOf, &["2", "¿Con quién y dónde?"]),
            "Paso 2 de 5: ¿Con quién y dónde?"
        );
        assert_eq!(fill(Language::En, Msg::Back, &["unused"]), "Back");
    }

    #[cfg(feature = "manage")]
    #[test]
    fn both_languages_take_the_same_values() {
        // Every message, not a hand-picked few: both languages have words, and the same number
        // of places for values, so `fill` never drops one or leaves a `{}` on screen.
        use strum::IntoEnumIterator;
        let mut checked = 0;
        for msg in Msg::iter() {
            let (en, es) = (text(Language::En, msg), text(Language::Es, msg));
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
            for lang in [Language::En, Language::Es] {
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
            for lang in [Language::En, Language::Es] {
                assert_eq!(
                    text(lang, msg).matches("{}").count(),
                    1,
                    "{msg:?} in {lang:?}"
                );
            }
        }
        assert_eq!(
            text(Language::En, FbSorryVisit),
            "I'm sorry your visit wasn't good."
        );
        assert_eq!(text(Language::En, FbWontAsk), "OK, we won't ask again.");
    }

    #[cfg(feature = "after-visit")]
    #[test]
    fn the_after_visit_words_take_the_same_values() {
        use Msg::*;
        assert_eq!(
            fill(Language::En, FbCount, &["3", "500"]),
            "3 of 500 letters"
        );
        assert_eq!(
            fill(Language::Es, FbCount, &["3", "500"]),
            "3 de 500 letras"
        );
        for msg in [FbLeft, FbTooLong, FbWillContact, FbHandled] {
            assert_eq!(text(Language::En, msg).matches("{}").count(), 1, "{msg:?}");
            assert_eq!(text(Language::Es, msg).matches("{}").count(), 1, "{msg:?}");
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
            assert_eq!(count(Language::En), 1, "{msg:?}");
            assert_eq!(count(Language::Es), 1, "{msg:?}");
        }
        assert_eq!(
            fill(Language::En, NotQuite, &["Your medicines"]),
            "Not quite. Please read \"Your medicines\" again."
        );
        assert_eq!(
            text(Language::En, DateMismatch),
            "That date doesn't match our records. Please check it and try again."
        );
    }
}
