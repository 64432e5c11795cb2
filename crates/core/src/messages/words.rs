//! The words of every message, English and Spanish side by side. Each one greets by the
//! preferred name, says what happened and what happens next, and gives the clinic's phone.

use super::{Channel, Facts, MessageKind};
use crate::clinic::Language;

/// A message ready to send: a subject (email only) and the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The email's subject line (empty for texts).
    pub subject: String,
    /// The plain-text body.
    pub body: String,
}

/// The words of `kind` for `channel` in `language`: the clinic's own (`[messages.wording]`)
/// where it wrote them for this language, else the standard ones.
pub fn render_for(
    settings: &super::MessageSettings,
    kind: MessageKind,
    channel: Channel,
    language: Language,
    f: &Facts<'_>,
) -> Rendered {
    let standard = render(kind, channel, language, f);
    let Some(wording) = settings.wording.get(kind.as_str()) else {
        return standard;
    };
    let own = |text: &Option<crate::clinic::Text>| -> Option<String> {
        let text = text.as_ref()?;
        let words = match language {
            Language::Es => text.es.as_deref()?,
            Language::En => text.en.as_str(),
        };
        Some(fill(words, f))
    };
    match channel {
        Channel::Text => match own(&wording.text) {
            Some(body) => {
                let stop = if language == Language::Es {
                    "Responda STOP para no recibir más mensajes."
                } else {
                    "Reply STOP to end texts."
                };
                Rendered {
                    subject: String::new(),
                    body: format!("{body} {stop}"),
                }
            }
            None => standard,
        },
        Channel::Email => Rendered {
            subject: own(&wording.subject).unwrap_or(standard.subject),
            body: own(&wording.body)
                .map(|b| format!("{}\n", b.trim_end()))
                .unwrap_or(standard.body),
        },
    }
}

/// A clinic's words with the facts in place of their placeholders.
fn fill(words: &str, f: &Facts<'_>) -> String {
    let value = |name: &str| -> String {
        match name {
            "name" => f.preferred_name.to_string(),
            "clinic" => f.clinic.to_string(),
            "phone" => f.phone.to_string(),
            "when" => f.when.clone(),
            "provider" => f.provider.to_string(),
            "place" => f.place.clone(),
            "map" => f.directions.clone().unwrap_or_default(),
            "bring" => f.bring.unwrap_or_default().to_string(),
            "manage_link" => f.manage_link.clone().unwrap_or_default(),
            "link" => f.link.clone().unwrap_or_default(),
            other => format!("{{{other}}}"),
        }
    };
    let mut out = String::with_capacity(words.len() + 64);
    let mut rest = words;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                out.push_str(&value(&after[..close]));
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The standard words of `kind` for `channel` in `language`.
pub fn render(kind: MessageKind, channel: Channel, language: Language, f: &Facts<'_>) -> Rendered {
    let es = language == Language::Es;
    let name = f.preferred_name;
    let when = &f.when;
    let manage = f.manage_link.as_deref().unwrap_or_default();
    let link = f.link.as_deref().unwrap_or_default();
    let phone = f.phone;
    let clinic = f.clinic;

    if channel == Channel::Text {
        let stop = if es {
            "Responda STOP para no recibir más mensajes."
        } else {
            "Reply STOP to end texts."
        };
        let body = match (kind, es) {
            (MessageKind::Confirmation, false) => format!("{clinic}: Hi {name}, your visit is booked for {when} with {}. To change or cancel: {manage} Questions? Call {phone}.", f.provider),
            (MessageKind::Confirmation, true) => format!("{clinic}: Hola, {name}. Su visita es el {when} con {}. Para cambiarla o cancelarla: {manage} ¿Preguntas? Llame al {phone}.", f.provider),
            (MessageKind::Changed, false) => format!("{clinic}: Hi {name}, your visit has a new time: {when} with {}. To change or cancel: {manage} Questions? Call {phone}.", f.provider),
            (MessageKind::Changed, true) => format!("{clinic}: Hola, {name}. Su visita tiene una nueva hora: {when} con {}. Para cambiarla o cancelarla: {manage} ¿Preguntas? Llame al {phone}.", f.provider),
            (MessageKind::Cancelled, false) => format!("{clinic}: Hi {name}, your visit on {when} is cancelled. To book a new time, call {phone}."),
            (MessageKind::Cancelled, true) => format!("{clinic}: Hola, {name}. Su visita del {when} está cancelada. Para pedir otra hora, llame al {phone}."),
            (MessageKind::Reminder, false) => format!("{clinic}: Hi {name}, see you {when} with {}. To change or cancel: {manage} Questions? Call {phone}.", f.provider),
            (MessageKind::Reminder, true) => format!("{clinic}: Hola, {name}. Le esperamos el {when} con {}. Para cambiarla o cancelarla: {manage} ¿Preguntas? Llame al {phone}.", f.provider),
            (MessageKind::NotesReady, false) => format!("{clinic}: Hi {name}, your visit notes are ready: {link} Questions? Call {phone}."),
            (MessageKind::NotesReady, true) => format!("{clinic}: Hola, {name}. Sus notas de la visita están listas: {link} ¿Preguntas? Llame al {phone}."),
            (MessageKind::AfterVisit, false) => format!("{clinic}: Hi {name}, how was your visit? Tell us in one minute: {link} Questions? Call {phone}."),
            (MessageKind::AfterVisit, true) => format!("{clinic}: Hola, {name}. ¿Cómo fue su visita? Díganos en un minuto: {link} ¿Preguntas? Llame al {phone}."),
            (MessageKind::FollowUpHandled, false) => format!("{clinic}: Hi {name}, we looked into what you told us. Thank you. Need more help? Call {phone}."),
            (MessageKind::FollowUpHandled, true) => format!("{clinic}: Hola, {name}. Revisamos lo que nos dijo. Gracias. ¿Necesita más ayuda? Llame al {phone}."),
        };
        return Rendered {
            subject: String::new(),
            body: format!("{body} {stop}"),
        };
    }

    let hello = if es {
        format!("Hola, {name}:")
    } else {
        format!("Hello {name},")
    };
    let call = if es {
        format!("¿Preguntas? Llámenos al {phone}.")
    } else {
        format!("Questions? Call us at {phone}.")
    };
    let visit_lines = {
        let mut lines = if es {
            vec![
                format!("Cuándo: {when}"),
                format!("Con: {}", f.provider),
                format!("Dónde: {}", f.place),
            ]
        } else {
            vec![
                format!("When: {when}"),
                format!("With: {}", f.provider),
                format!("Where: {}", f.place),
            ]
        };
        if let Some(map) = &f.directions {
            lines.push(if es {
                format!("Cómo llegar: {map}")
            } else {
                format!("Map: {map}")
            });
        }
        if let Some(bring) = f.bring {
            lines.push(if es {
                format!("Antes de venir: {bring}")
            } else {
                format!("Before you come: {bring}")
            });
        }
        lines.join("\n")
    };
    let change = if es {
        format!("Si quiere cambiar o cancelar, use este enlace:\n{manage}")
    } else {
        format!("To change or cancel the visit, use this link:\n{manage}")
    };
    let reminder = match (&f.reminder, es) {
        (Some(r), false) => format!("We will remind you {r} before."),
        (Some(r), true) => format!("Le avisaremos {r} antes."),
        (None, _) => String::new(),
    };
    let (subject, middle) = match (kind, es) {
        (MessageKind::Confirmation, false) => ("Your visit is booked".to_string(), format!("Your visit is booked.\n\n{visit_lines}\n\n{change}\n\n{reminder}")),
        (MessageKind::Confirmation, true) => ("Su visita está reservada".to_string(), format!("Su visita está reservada.\n\n{visit_lines}\n\n{change}\n\n{reminder}")),
        (MessageKind::Changed, false) => ("Your visit has a new time".to_string(), format!("Your visit has moved. This is the new time.\n\n{visit_lines}\n\n{change}\n\n{reminder}")),
        (MessageKind::Changed, true) => ("Su visita tiene una nueva hora".to_string(), format!("Su visita cambió. Esta es la nueva hora.\n\n{visit_lines}\n\n{change}\n\n{reminder}")),
        (MessageKind::Cancelled, false) => (
            "Your visit is cancelled".to_string(),
            format!("Your visit on {when} with {} is cancelled.\n\nDid you not mean to cancel, or do you want a new time? Call us. You can also book again here:\n{link}", f.provider),
        ),
        (MessageKind::Cancelled, true) => (
            "Su visita está cancelada".to_string(),
            format!("Su visita del {when} con {} está cancelada.\n\n¿No quería cancelarla, o quiere otra hora? Llámenos. También puede pedir otra hora aquí:\n{link}", f.provider),
        ),
        (MessageKind::Reminder, false) => ("Your visit is coming up".to_string(), format!("This is a reminder of your visit.\n\n{visit_lines}\n\n{change}")),
        (MessageKind::Reminder, true) => ("Su visita es pronto".to_string(), format!("Le recordamos su visita.\n\n{visit_lines}\n\n{change}")),
        (MessageKind::NotesReady, false) => (
            "Your visit notes are ready".to_string(),
            format!("Your notes from your visit are ready to read. Open this link. We will ask for your date of birth first.\n{link}"),
        ),
        (MessageKind::NotesReady, true) => (
            "Sus notas de la visita están listas".to_string(),
            format!("Sus notas de la visita están listas. Abra este enlace. Primero le pediremos su fecha de nacimiento.\n{link}"),
        ),
        (MessageKind::AfterVisit, false) => (
            "How was your visit?".to_string(),
            format!("Thank you for coming in. How did your visit go? It takes one minute to tell us:\n{link}"),
        ),
        (MessageKind::AfterVisit, true) => (
            "¿Cómo fue su visita?".to_string(),
            format!("Gracias por venir. ¿Cómo le fue en la visita? Díganos en un minuto:\n{link}"),
        ),
        (MessageKind::FollowUpHandled, false) => (
            "We looked into what you told us".to_string(),
            "Thank you for telling us how your visit went. Our team looked into it.".to_string(),
        ),
        (MessageKind::FollowUpHandled, true) => (
            "Revisamos lo que nos dijo".to_string(),
            "Gracias por contarnos cómo le fue. Nuestro equipo lo revisó.".to_string(),
        ),
    };
    let body = format!("{hello}\n\n{}\n\n{call}\n{clinic}\n", middle.trim_end());
    Rendered {
        subject: format!("{subject} – {clinic}"),
        body,
    }
}
