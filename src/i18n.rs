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
pub enum Msg {
    /// Shown while the clinic's details load.
    Loading,
    /// Label before the clinic's phone number.
    CallUs,
    /// The clinic could not be reached.
    CantReachClinic,
    /// Button to try again.
    TryAgain,
    /// "Step 2 of 5: Who and where?"
    StepOf,
    /// Step 1 heading.
    VisitTitle,
    /// Step 2 heading.
    WhoTitle,
    /// Step 3 heading.
    WhenTitle,
    /// Step 4 heading.
    AboutTitle,
    /// Step 5 heading.
    ReviewTitle,
    /// The confirmation's heading.
    BookedTitle,
    /// Button to the next step.
    Continue,
    /// Button to the step before.
    Back,
    /// Legend of the visit types.
    VisitTypeLegend,
    /// A visit's length.
    Minutes,
    /// Nothing picked in the visit types.
    PickVisitType,
    /// Legend of new or returning.
    BeenHereLegend,
    /// Returning patient.
    BeenHereYes,
    /// New patient.
    BeenHereNo,
    /// Nothing picked in new or returning.
    PickBeenHere,
    /// A new patient picked a visit for returning patients; `{}` is the phone.
    ReturningOnly,
    /// Legend of the providers.
    ProviderLegend,
    /// Any provider.
    FirstAvailable,
    /// What "first available" means.
    FirstAvailableHint,
    /// Languages a provider speaks; `{}` is the list.
    Speaks,
    /// Legend of the offices.
    LocationLegend,
    /// Any office.
    AnyOffice,
    /// Before the next open time.
    NextAvailable,
    /// Between a day and a time.
    At,
    /// Before a provider's name.
    With,
    /// A time in two zones; `{}` the patient's, `{}` the clinic's.
    YourTime,
    /// Heading of the days.
    PickDay,
    /// Label of a day's times; `{}` is the day.
    TimesOn,
    /// Button for the next 7 days.
    ShowMore,
    /// Shown while times load.
    LookingForTimes,
    /// No open time in the days shown so far.
    NoTimesInDays,
    /// No open time at all; `{}` is the phone.
    NoTimes,
    /// Heading of the error summary.
    FixThese,
    /// Full name label.
    Name,
    /// Full name hint.
    NameHint,
    /// Preferred name label.
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
    Phone,
    /// Email label.
    Email,
    /// Why a phone or email.
    ContactHint,
    /// Reason label.
    Reason,
    /// Reason hint.
    ReasonHint,
    /// Characters used; `{}` is the count.
    Count,
    /// Interpreter label.
    Interpreter,
    /// "Anything we should know?" label.
    Notes,
    /// Notes hint.
    NotesHint,
    /// Review row: the visit type.
    VisitRow,
    /// Review row: the provider.
    WithRow,
    /// Review row: the place.
    WhereRow,
    /// Review row: the time.
    WhenRow,
    /// First visit to this clinic.
    FirstVisit,
    /// Has been here before.
    ReturningVisit,
    /// A video visit's place.
    VideoVisit,
    /// Button back to a step from the review.
    Change,
    /// Button that books.
    Book,
    /// While booking.
    Booking,
    /// The time was taken meanwhile; `{}` is the time.
    SlotTaken,
    /// Button back to the times.
    PickAnother,
    /// The network failed while booking; `{}` is the phone.
    NetworkFailed,
    /// The time can no longer be booked online; `{}` is the phone.
    NotBookable,
    /// The patient has too many visits booked; `{}` is the phone.
    TooMany,
    /// Too many tries; `{}` is the phone.
    RateLimited,
    /// Anything else failed; `{}` is the phone.
    SomethingWrong,
    /// Greeting on the confirmation; `{}` is the preferred name.
    ThankYou,
    /// Review row: what to do before the visit.
    BeforeRow,
    /// What happens next.
    WhatNext,
    /// Button that downloads the .ics file.
    AddToCalendar,
    /// The .ics file could not be fetched.
    CalendarFailed,
    /// The manage link.
    ManageLink,
    /// Why to keep the manage link.
    KeepLink,
    /// The manage view's heading.
    YourVisit,
    /// The visit is cancelled.
    IsCancelled,
    /// Button that asks to cancel.
    CancelVisit,
    /// Confirm question for cancelling.
    ConfirmCancel,
    /// Confirm cancelling.
    YesCancel,
    /// Keep the visit as it is.
    NoKeep,
    /// Button to reschedule.
    NewTime,
    /// Confirm question for moving; `{}` is the new time.
    ConfirmMove,
    /// Confirm moving.
    YesMove,
    /// After moving.
    Moved,
    /// The manage link does not work; `{}` is the phone.
    BadLink,
    /// Button to start a new booking.
    BookNew,
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
    #[cfg(feature = "instructions")]
    LinkExpired,
    /// The link is unknown, cut short or turned off; `{}` is the phone.
    #[cfg(feature = "instructions")]
    LinkBroken,
    /// The reading session ended.
    #[cfg(feature = "instructions")]
    SessionEnded,
    /// While the instructions load.
    #[cfg(feature = "instructions")]
    GettingInstructions,
    /// The greeting; `{}` is the preferred name.
    #[cfg(feature = "instructions")]
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
    use Msg::*;
    match lang {
        Lang::En => match msg {
            Loading => "Loading…",
            CallUs => "Questions? Call us:",
            CantReachClinic => "We can't reach the clinic right now. Please try again, or call us.",
            TryAgain => "Try again",
            StepOf => "Step {} of 5: {}",
            VisitTitle => "What is the visit for?",
            WhoTitle => "Who and where?",
            WhenTitle => "When?",
            AboutTitle => "About you",
            ReviewTitle => "Check your visit",
            BookedTitle => "Your visit is booked",
            Continue => "Continue",
            Back => "Back",
            VisitTypeLegend => "Type of visit",
            Minutes => "{} minutes",
            PickVisitType => "Please pick a type of visit.",
            BeenHereLegend => "Have you been to this clinic before?",
            BeenHereYes => "Yes, I have been here before",
            BeenHereNo => "No, this is my first visit",
            PickBeenHere => "Please tell us if you have been here before.",
            ReturningOnly => "This visit is for patients who have been here before. Please pick another type of visit, like a sick visit. Or call us at {} and we will help you.",
            ProviderLegend => "Who would you like to see?",
            FirstAvailable => "First available",
            FirstAvailableHint => "Any of our providers. You get the earliest time.",
            Speaks => "Speaks: {}",
            LocationLegend => "Which office?",
            AnyOffice => "Any office",
            NextAvailable => "Next available:",
            At => " at ",
            With => "with",
            YourTime => "{} your time ({} clinic time)",
            PickDay => "Or pick a day",
            TimesOn => "Open times on {}",
            ShowMore => "Show more times",
            LookingForTimes => "Looking for open times…",
            NoTimesInDays => "No open times on these days.",
            NoTimes => "There are no open times to book online right now. Please call us at {}. We will help you find a time.",
            FixThese => "Please check these answers:",
            Name => "Full name",
            NameHint => "As it is on your insurance card.",
            Preferred => "What should we call you? (optional)",
            BirthDate => "Date of birth",
            BirthDateHint => "Month, day and year. For example: 04 17 1961",
            Month => "Month",
            Day => "Day",
            Year => "Year",
            Phone => "Phone",
            Email => "Email",
            ContactHint => "Give a phone or an email, so we can reach you.",
            Reason => "Why do you want to come in?",
            ReasonHint => "In your own words. For example: a cough for a week.",
            Count => "{} of 500 letters",
            Interpreter => "Do you need an interpreter? Write the language. (optional)",
            Notes => "Anything we should know? (optional)",
            NotesHint => "For example: I use a wheelchair, or I don't hear well.",
            VisitRow => "Visit",
            WithRow => "With",
            WhereRow => "Where",
            WhenRow => "When",
            FirstVisit => "First visit here",
            ReturningVisit => "Been here before",
            VideoVisit => "Video visit. We will text you a link.",
            Change => "Change",
            Book => "Book this visit",
            Booking => "Booking your visit…",
            SlotTaken => "Someone just booked {}. These times are still open:",
            PickAnother => "Pick another time",
            NetworkFailed => "We can't reach the clinic right now. Your answers are saved. Try again, or call {}.",
            NotBookable => "I'm sorry, this time can't be booked online anymore. Please pick another time, or call us at {}.",
            TooMany => "You already have several visits booked. To book one more, please call us at {}.",
            RateLimited => "There were many tries in a short time. Please wait a minute and try again, or call us at {}.",
            SomethingWrong => "I'm sorry, something went wrong on our side. Your answers are saved. Please try again, or call us at {}.",
            ThankYou => "Thank you, {}.",
            BeforeRow => "Before your visit",
            WhatNext => "We will remind you the day before. If something changes, we will call you.",
            AddToCalendar => "Add to calendar",
            CalendarFailed => "We couldn't get the calendar file. Please try again.",
            ManageLink => "Change or cancel this visit",
            KeepLink => "Keep this link. It lets you change or cancel your visit. Don't share it.",
            YourVisit => "Your visit",
            IsCancelled => "This visit is cancelled.",
            CancelVisit => "Cancel this visit",
            ConfirmCancel => "Do you want to cancel this visit?",
            YesCancel => "Yes, cancel it",
            NoKeep => "No, keep it",
            NewTime => "Pick a new time",
            ConfirmMove => "Move your visit to {}?",
            YesMove => "Yes, move it",
            Moved => "Your visit is moved. We will remind you the day before.",
            BadLink => "This link doesn't work anymore. It may be old or cut short. Please call us at {}.",
            BookNew => "Book a new visit",
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
            #[cfg(feature = "instructions")]
            LinkExpired => "I'm sorry, this link is too old to use now. Please call us at {}. We can send you a new one.",
            #[cfg(feature = "instructions")]
            LinkBroken => "I'm sorry, this link doesn't work. It may be cut short or no longer in use. Please call us at {}. We can send you a new one.",
            #[cfg(feature = "instructions")]
            SessionEnded => "To keep your information private, we closed your instructions after a while. Please enter your date of birth again.",
            #[cfg(feature = "instructions")]
            GettingInstructions => "Getting your instructions…",
            #[cfg(feature = "instructions")]
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
            CallUs => "¿Preguntas? Llámenos:",
            CantReachClinic => "No podemos comunicarnos con la clínica en este momento. Intente de nuevo o llámenos.",
            TryAgain => "Intentar de nuevo",
            StepOf => "Paso {} de 5: {}",
            VisitTitle => "¿Para qué es la visita?",
            WhoTitle => "¿Con quién y dónde?",
            WhenTitle => "¿Cuándo?",
            AboutTitle => "Sus datos",
            ReviewTitle => "Revise su visita",
            BookedTitle => "Su visita está reservada",
            Continue => "Continuar",
            Back => "Atrás",
            VisitTypeLegend => "Tipo de visita",
            Minutes => "{} minutos",
            PickVisitType => "Elija un tipo de visita.",
            BeenHereLegend => "¿Ha venido antes a esta clínica?",
            BeenHereYes => "Sí, ya he venido antes",
            BeenHereNo => "No, es mi primera visita",
            PickBeenHere => "Díganos si ya ha venido antes.",
            ReturningOnly => "Esta visita es para pacientes que ya han venido antes. Elija otro tipo de visita, como una consulta por enfermedad. O llámenos al {} y le ayudamos.",
            ProviderLegend => "¿Con quién quiere su visita?",
            FirstAvailable => "El primero disponible",
            FirstAvailableHint => "Cualquiera de nuestros proveedores. Le damos la hora más pronta.",
            Speaks => "Habla: {}",
            LocationLegend => "¿En qué oficina?",
            AnyOffice => "Cualquier oficina",
            NextAvailable => "Próxima hora libre:",
            At => " a las ",
            With => "con",
            YourTime => "{} su hora ({} hora de la clínica)",
            PickDay => "O elija un día",
            TimesOn => "Horas libres el {}",
            ShowMore => "Ver más horas",
            LookingForTimes => "Buscando horas libres…",
            NoTimesInDays => "No hay horas libres en estos días.",
            NoTimes => "Ahora no hay horas libres para reservar en línea. Llámenos al {}. Le ayudamos a encontrar una hora.",
            FixThese => "Revise estas respuestas:",
            Name => "Nombre completo",
            NameHint => "Como está en su tarjeta del seguro.",
            Preferred => "¿Cómo quiere que le llamemos? (opcional)",
            BirthDate => "Fecha de nacimiento",
            BirthDateHint => "Mes, día y año. Por ejemplo: 04 17 1961",
            Month => "Mes",
            Day => "Día",
            Year => "Año",
            Phone => "Teléfono",
            Email => "Correo electrónico",
            ContactHint => "Escriba un teléfono o un correo, para poder comunicarnos con usted.",
            Reason => "¿Por qué quiere venir?",
            ReasonHint => "Con sus palabras. Por ejemplo: tengo tos desde hace una semana.",
            Count => "{} de 500 letras",
            Interpreter => "¿Necesita un intérprete? Escriba el idioma. (opcional)",
            Notes => "¿Hay algo más que debamos saber? (opcional)",
            NotesHint => "Por ejemplo: uso silla de ruedas, o no oigo bien.",
            VisitRow => "Visita",
            WithRow => "Con",
            WhereRow => "Dónde",
            WhenRow => "Cuándo",
            FirstVisit => "Primera visita aquí",
            ReturningVisit => "Ya ha venido antes",
            VideoVisit => "Visita por video. Le enviaremos un enlace por mensaje de texto.",
            Change => "Cambiar",
            Book => "Reservar esta visita",
            Booking => "Reservando su visita…",
            SlotTaken => "Alguien acaba de reservar la hora de las {}. Estas horas siguen libres:",
            PickAnother => "Elegir otra hora",
            NetworkFailed => "No podemos comunicarnos con la clínica ahora. Sus respuestas están guardadas. Intente de nuevo o llame al {}.",
            NotBookable => "Lo siento, esta hora ya no se puede reservar en línea. Elija otra hora o llámenos al {}.",
            TooMany => "Ya tiene varias visitas reservadas. Para reservar otra, llámenos al {}.",
            RateLimited => "Hubo muchos intentos en poco tiempo. Espere un minuto e intente de nuevo, o llámenos al {}.",
            SomethingWrong => "Lo siento, algo falló de nuestro lado. Sus respuestas están guardadas. Intente de nuevo o llámenos al {}.",
            ThankYou => "Gracias, {}.",
            BeforeRow => "Antes de su visita",
            WhatNext => "Le recordaremos su visita un día antes. Si algo cambia, le llamaremos.",
            AddToCalendar => "Agregar al calendario",
            CalendarFailed => "No pudimos obtener el archivo del calendario. Intente de nuevo.",
            ManageLink => "Cambiar o cancelar esta visita",
            KeepLink => "Guarde este enlace. Con él puede cambiar o cancelar su visita. No lo comparta.",
            YourVisit => "Su visita",
            IsCancelled => "Esta visita está cancelada.",
            CancelVisit => "Cancelar esta visita",
            ConfirmCancel => "¿Quiere cancelar esta visita?",
            YesCancel => "Sí, cancelarla",
            NoKeep => "No, mantenerla",
            NewTime => "Elegir una hora nueva",
            ConfirmMove => "¿Quiere cambiar su visita al {}?",
            YesMove => "Sí, cambiarla",
            Moved => "Su visita cambió de hora. Le recordaremos su visita un día antes.",
            BadLink => "Este enlace ya no funciona. Puede ser viejo o estar incompleto. Llámenos al {}.",
            BookNew => "Reservar una visita nueva",
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
            #[cfg(feature = "instructions")]
            LinkExpired => "Lo siento, este enlace ya venció. Llámenos al {}. Le podemos enviar uno nuevo.",
            #[cfg(feature = "instructions")]
            LinkBroken => "Lo siento, este enlace no funciona. Puede estar incompleto o ya no se usa. Llámenos al {}. Le podemos enviar uno nuevo.",
            #[cfg(feature = "instructions")]
            SessionEnded => "Para proteger su información, cerramos sus instrucciones después de un rato. Escriba otra vez su fecha de nacimiento.",
            #[cfg(feature = "instructions")]
            GettingInstructions => "Buscando sus instrucciones…",
            #[cfg(feature = "instructions")]
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
    let mut out = String::new();
    for (i, piece) in text(lang, msg).split("{}").enumerate() {
        if i > 0 {
            out.push_str(values.get(i - 1).copied().unwrap_or_default());
        }
        out.push_str(piece);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_go_where_the_braces_are() {
        assert_eq!(fill(Lang::En, Msg::StepOf, &["2", "Who and where?"]), "Step 2 of 5: Who and where?");
        assert_eq!(fill(Lang::Es, Msg::StepOf, &["2", "¿Con quién y dónde?"]), "Paso 2 de 5: ¿Con quién y dónde?");
        assert_eq!(fill(Lang::En, Msg::Back, &["unused"]), "Back");
    }

    #[test]
    fn both_languages_take_the_same_values() {
        use Msg::*;
        for msg in [StepOf, Minutes, ReturningOnly, Speaks, YourTime, TimesOn, NoTimes, Count, SlotTaken,
                    NetworkFailed, NotBookable, TooMany, RateLimited, SomethingWrong, ThankYou, ConfirmMove, BadLink] {
            let count = |lang| text(lang, msg).matches("{}").count();
            assert!(count(Lang::En) > 0, "{msg:?}");
            assert_eq!(count(Lang::En), count(Lang::Es), "{msg:?}");
        }
    }

    #[test]
    fn every_error_that_stops_the_patient_offers_the_phone() {
        use Msg::*;
        for msg in [ReturningOnly, NoTimes, NetworkFailed, NotBookable, TooMany, RateLimited, SomethingWrong, BadLink] {
            for lang in [Lang::En, Lang::Es] {
                assert!(text(lang, msg).contains("{}"), "{msg:?} in {lang:?} has no phone");
            }
        }
    }

    #[cfg(feature = "instructions")]
    #[test]
    fn the_instructions_words_take_the_same_values_and_a_stopped_link_offers_the_phone() {
        use Msg::*;
        for msg in [LinkLocked, LinkExpired, LinkBroken, Hello, CallUsAt, NotQuite, GoToPart, NextVisitOn] {
            let count = |lang| text(lang, msg).matches("{}").count();
            assert_eq!(count(Lang::En), 1, "{msg:?}");
            assert_eq!(count(Lang::Es), 1, "{msg:?}");
        }
        assert_eq!(fill(Lang::En, NotQuite, &["Your medicines"]), "Not quite. Please read \"Your medicines\" again.");
        assert_eq!(text(Lang::En, DateMismatch), "That date doesn't match our records. Please check it and try again.");
    }
}
