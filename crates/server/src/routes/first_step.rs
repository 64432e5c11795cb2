//! The first step of booking ("What is the visit for?") and of the instructions (the date of
//! birth), drawn by the server into the frame's page, so that a patient on a slow phone can read
//! it, and start answering, before the widget's WebAssembly has arrived. It is the same markup,
//! the same words (`portal_core::words` and the clinic's texts) and the same CSS as the widget's
//! own first step; `/embed/embed.js` swaps it for the live widget once that is ready, carrying
//! over what the patient chose or typed, and the swap neither flashes nor moves anything (an e2e
//! test checks both, for each view).

use portal_core::clinic::{ClinicConfig, Language};
use portal_core::words::{self, fill, tel_href, Words};

use super::embed::escape;

/// The booking's first step for `clinic` in `locale` (Spanish when it starts with `es`, as the
/// widget reads it), as an HTML fragment that goes in `<div class="pp-first">`.
pub fn booking(clinic: &ClinicConfig, locale: Option<&str>) -> String {
    let language = Language::from_tag(locale.unwrap_or_default());
    let say = |w: Words| escape(w.get(language));
    let title = words::VISIT_TITLE.get(language);
    let progress = fill(words::STEP_OF.get(language), &["1", title]);
    let mut html = format!(
        "<div class=\"pp-booking\"><p class=\"pp-progress\" aria-live=\"polite\">{progress}</p>\
         <h3 class=\"pp-step-heading\" tabindex=\"-1\">{title}</h3>",
        progress = escape(&progress),
        title = escape(title),
    );
    let types: String = clinic
        .visit_types
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let minutes = fill(
                words::MINUTES.get(language),
                &[&v.duration_minutes.to_string()],
            );
            choice(
                &format!("pps-visit{i}"),
                "pps-visit",
                v.name.get(language),
                Some(&format!(
                    "{}<br>{}",
                    escape(v.description.get(language)),
                    escape(&minutes)
                )),
            )
        })
        .collect();
    html.push_str(&group(&say(words::VISIT_TYPE_LEGEND), &types));
    let been_here = [
        choice(
            "pps-new-r",
            "pps-new",
            words::BEEN_HERE_YES.get(language),
            None,
        ),
        choice(
            "pps-new-n",
            "pps-new",
            words::BEEN_HERE_NO.get(language),
            None,
        ),
    ]
    .concat();
    html.push_str(&group(&say(words::BEEN_HERE_LEGEND), &been_here));
    html.push_str(&actions(&say(words::CONTINUE)));
    html.push_str("</div>");
    widget(clinic, language, &html)
}

/// The instructions' first step, the date of birth asked before anything is shown, for
/// `clinic` in `locale`, as `booking` draws its own. The patient link's secret stays in the
/// frame's fragment: the server draws the same step for every link.
pub fn instructions(clinic: &ClinicConfig, locale: Option<&str>) -> String {
    let language = Language::from_tag(locale.unwrap_or_default());
    let say = |w: Words| escape(w.get(language));
    let parts: String = [
        (words::MONTH, "bday-month", "m", "pp-input-short"),
        (words::DAY, "bday-day", "d", "pp-input-short"),
        (words::YEAR, "bday-year", "y", "pp-input-year"),
    ]
    .iter()
    .map(|(label, autocomplete, part, size)| {
        format!(
            "<div class=\"pp-date-part\"><label class=\"pp-label\" for=\"pps-dob-{part}\">{label}</label>\
             <input id=\"pps-dob-{part}\" class=\"pp-input {size}\" type=\"text\" autocomplete=\"{autocomplete}\" \
             inputmode=\"numeric\" aria-describedby=\"pps-dob-h\"></div>",
            label = say(*label),
        )
    })
    .collect();
    let html = format!(
        "<div class=\"pp-instructions\" lang=\"{tag}\"><h3 class=\"pp-step-heading\" tabindex=\"-1\">{title}</h3>\
         <p>{intro}</p><fieldset class=\"pp-fieldset pp-field\" role=\"group\"><legend class=\"pp-legend\">{legend}</legend>\
         <span class=\"pp-hint\" id=\"pps-dob-h\">{hint}</span><div class=\"pp-date\">{parts}</div></fieldset>{actions}</div>",
        tag = language.tag(),
        title = say(words::INSTRUCTIONS_TITLE),
        intro = say(words::VERIFY_INTRO),
        legend = say(words::BIRTH_DATE),
        hint = say(words::BIRTH_DATE_HINT),
        actions = actions(&say(words::SHOW_INSTRUCTIONS)),
    );
    widget(clinic, language, &html)
}

/// The widget around a view's first step, as the app draws it: the clinic's name and phone
/// above it.
fn widget(clinic: &ClinicConfig, language: Language, view: &str) -> String {
    let info = &clinic.clinic;
    format!(
        "<section class=\"pp-widget\" lang=\"{tag}\" aria-label=\"{name}\">\
         <header class=\"pp-header\"><p class=\"pp-clinic-name\">{name}</p>\
         <p class=\"pp-phone\">{call} <a class=\"pp-link pp-phone-link\" href=\"{tel}\">{phone}</a></p></header>\
         {view}</section>",
        tag = language.tag(),
        name = escape(&info.name),
        call = escape(words::CALL_US.get(language)),
        tel = escape(&tel_href(&info.phone)),
        phone = escape(&info.phone),
    )
}

/// The step's problems (none yet) and its one button, `label` escaped already.
fn actions(label: &str) -> String {
    format!(
        "<div aria-live=\"polite\"></div><div class=\"pp-actions\">\
         <button class=\"pp-button pp-button-primary\" type=\"button\">{label}</button></div>"
    )
}

/// A radio card, as `components::choice` draws it; `detail` is HTML already escaped.
fn choice(id: &str, name: &str, label: &str, detail: Option<&str>) -> String {
    let described = detail.map_or(String::new(), |_| format!(" aria-describedby=\"{id}-d\""));
    let detail = detail.map_or(String::new(), |d| {
        format!("<div class=\"pp-hint\" id=\"{id}-d\">{d}</div>")
    });
    format!(
        "<div class=\"pp-choice\"><input type=\"radio\" id=\"{id}\" name=\"{name}\"{described}>\
         <div class=\"pp-choice-text\"><label class=\"pp-choice-label\" for=\"{id}\">{label}</label>{detail}</div></div>",
        label = escape(label),
    )
}

/// A radio group under its legend, as `components::choice::group` draws it.
fn group(legend: &str, choices: &str) -> String {
    format!(
        "<fieldset class=\"pp-fieldset\"><legend class=\"pp-legend\">{legend}</legend>\
         <div class=\"pp-choice-list\">{choices}</div></fieldset>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::clinics::demo_clinic as demo;

    #[test]
    fn the_first_step_lists_every_visit_type_in_the_patients_language() {
        let clinic = demo();
        let en = booking(&clinic, Some("en"));
        assert!(en
            .contains("<h3 class=\"pp-step-heading\" tabindex=\"-1\">What is the visit for?</h3>"));
        assert!(en.contains("Step 1 of 5: What is the visit for?"));
        assert!(en.contains("href=\"tel:5550102233\""));
        for v in &clinic.visit_types {
            assert!(en.contains(&escape(&v.name.en)), "{}", v.name.en);
        }
        assert!(en.contains("20 minutes"));
        let es = booking(&clinic, Some("es-US"));
        assert!(es.contains("¿Para qué es la visita?") && es.contains("Consulta por enfermedad"));
        assert!(es.contains("lang=\"es-US\"") && es.contains(">Continuar</button>"));
        assert!(!es.contains("Sick visit"));
    }

    #[test]
    fn the_instructions_ask_for_the_date_of_birth_in_the_patients_language() {
        let clinic = demo();
        let en = instructions(&clinic, None);
        assert!(en.contains(">Your visit instructions</h3>"), "{en}");
        assert!(en.contains("<legend class=\"pp-legend\">Date of birth</legend>"));
        for part in ["bday-month", "bday-day", "bday-year"] {
            assert!(en.contains(&format!("autocomplete=\"{part}\"")), "{part}");
        }
        assert!(en.contains(">Show my instructions</button>"));
        assert!(en.contains("href=\"tel:5550102233\""));
        let es = instructions(&clinic, Some("es"));
        assert!(es.contains(">Sus instrucciones de la visita</h3>") && es.contains(">Mes</label>"));
        assert!(es.contains("lang=\"es-US\"") && !es.contains("Date of birth"));
    }

    #[test]
    fn clinic_words_are_escaped() {
        let mut clinic = demo().into_config();
        clinic.clinic.name = "<b>Maple</b> & \"Co\"".into();
        let html = booking(&clinic, None);
        assert!(html.contains("&lt;b&gt;Maple&lt;/b&gt; &amp; &quot;Co&quot;"));
        assert!(!html.contains("<b>"));
    }
}
