//! The app's setup as Swift: registration at launch, scheduling, handlers with their
//! expirationHandler and setTaskCompleted, and the Info.plist entries and capabilities they need,
//! ready to copy (`engine::swift` writes it).

use crate::app::use_setup;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

/// Which part of the export is shown.
#[derive(Clone, Copy, PartialEq)]
enum Part {
    Swift,
    InfoPlist,
    Capabilities,
}

impl Part {
    const ALL: [Part; 3] = [Part::Swift, Part::InfoPlist, Part::Capabilities];

    fn label(self) -> &'static str {
        match self {
            Part::Swift => "AppDelegate.swift",
            Part::InfoPlist => "Info.plist",
            Part::Capabilities => "Capabilities",
        }
    }
}

/// The Swift export card (collapsed until opened).
#[component]
pub fn SwiftExport() -> Html {
    let state = use_setup();
    let open = use_state(|| false);
    let part = use_state(|| Part::Swift);
    let copied = use_state(|| None::<bool>);
    let app = state.scenario().app;
    let export = use_memo(app, engine::swift::export);
    let text = match *part {
        Part::Swift => export.swift.clone(),
        Part::InfoPlist => export.info_plist.clone(),
        Part::Capabilities => export.capabilities.join("\n"),
    };
    let on_toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let on_copy = {
        let copied = copied.clone();
        let text = text.clone();
        Callback::from(move |_: MouseEvent| {
            let promise = web_sys::window().map(|w| w.navigator().clipboard().write_text(&text));
            let copied = copied.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let ok = match promise {
                    Some(promise) => JsFuture::from(promise).await.is_ok(),
                    None => false,
                };
                copied.set(Some(ok));
            });
        })
    };
    html! {
        <section class="card swift-export" aria-label="Swift code">
            <div class="swift-head">
                <h2 class="card-title">{ "Your app in Swift" }</h2>
                <button type="button" class="button button-quiet" onclick={on_toggle}
                    aria-expanded={(*open).to_string()}>
                    { if *open { "Hide" } else { "Show the code" } }
                </button>
            </div>
            <p class="swift-caption">
                { "The setup above as code, following Apple's sample: what it does wrong is marked ⚠️ with the fix." }
            </p>
            if *open {
                <div class="swift-tabs" role="tablist" aria-label="Part of the export">
                    { for Part::ALL.into_iter().map(|p| {
                        let selected = *part == p;
                        let part = part.clone();
                        let copied = copied.clone();
                        let onclick = Callback::from(move |_: MouseEvent| {
                            part.set(p);
                            copied.set(None);
                        });
                        html! {
                            <button type="button" role="tab" class="swift-tab"
                                aria-selected={selected.to_string()} {onclick}>
                                { p.label() }
                            </button>
                        }
                    }) }
                </div>
                <pre class="swift-code" tabindex="0"><code>{ text.clone() }</code></pre>
                <div class="swift-actions">
                    <button type="button" class="button button-primary" onclick={on_copy}>
                        { format!("Copy {}", part.label()) }
                    </button>
                    { match *copied {
                        Some(true) => html! { <span class="share-status" role="status">{ "Copied." }</span> },
                        Some(false) => html! { <span class="share-status" role="status">{ "The clipboard is not available: select the text and copy it." }</span> },
                        None => html! {},
                    } }
                </div>
            }
        </section>
    }
}
