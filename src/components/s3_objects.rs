//! The playground's S3: the objects a Distributed Map reads (`ItemReader`) and writes
//! (`ResultWriter`). Upload a file or write one, view, download or delete an object; what a
//! run writes appears here when it ends.

use yew::prelude::*;

use crate::bindings::browser;
use crate::components::text_setter;
use crate::state::{s3_name_problem, Action, S3Object, MAX_SAVED_OBJECT_BYTES};

/// The largest object the page takes, in bytes (the whole S3 is kept in the browser's
/// storage).
pub const MAX_OBJECT_BYTES: usize = 8 * 1024 * 1024;
/// How much of an object the view shows, in bytes.
const SHOWN_BYTES: usize = 16 * 1024;

/// Props of [`S3Objects`].
#[derive(Properties, PartialEq)]
pub struct S3ObjectsProps {
    /// The objects, by bucket and key.
    pub objects: std::rc::Rc<Vec<S3Object>>,
    /// Where changes go.
    pub dispatch: Callback<Action>,
}

/// The S3 panel's body (`data-testid="s3-objects"`, one `s3-object` per object).
#[component]
pub fn S3Objects(props: &S3ObjectsProps) -> Html {
    let bucket = use_state(|| "playground-data".to_string());
    let key = use_state(String::new);
    let body = use_state(String::new);
    let problem = use_state(|| None::<String>);
    let shown = use_state(|| None::<(String, String)>);
    let total: usize = props
        .objects
        .iter()
        .map(|o| o.body.len() + o.key.len())
        .sum();
    let put = {
        let (dispatch, problem) = (props.dispatch.clone(), problem.clone());
        move |bucket: String, key: String, body: String| {
            if let Some(p) = s3_name_problem(&bucket, &key) {
                problem.set(Some(p));
            } else if body.len() > MAX_OBJECT_BYTES {
                problem.set(Some(format!(
                    "{key} is {} bytes: the playground keeps objects up to {MAX_OBJECT_BYTES} bytes",
                    body.len()
                )));
            } else {
                problem.set(None);
                dispatch.emit(Action::PutObject(S3Object { bucket, key, body }));
            }
        }
    };
    let on_file = {
        let (bucket, key, problem, put) =
            (bucket.clone(), key.clone(), problem.clone(), put.clone());
        Callback::from(move |e: Event| {
            let (bucket, key, problem, put) =
                (bucket.clone(), key.clone(), problem.clone(), put.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match browser::chosen_file(&e).await {
                    Some(Ok((name, text))) => {
                        let k = if key.trim().is_empty() {
                            name
                        } else {
                            key.trim().to_string()
                        };
                        put(bucket.trim().to_string(), k, text);
                    }
                    Some(Err(p)) => problem.set(Some(p)),
                    None => {}
                }
            });
        })
    };
    let on_save = {
        let (bucket, key, body, put) = (bucket.clone(), key.clone(), body.clone(), put.clone());
        Callback::from(move |_: MouseEvent| {
            put(
                bucket.trim().to_string(),
                key.trim().to_string(),
                (*body).clone(),
            )
        })
    };
    html! {
        <div class="s3-objects" data-testid="s3-objects">
            if props.objects.is_empty() {
                <p class="empty">{ "No objects. Upload a CSV, JSON or JSON Lines file for a Distributed Map's ItemReader; a ResultWriter's files appear here after a run." }</p>
            }
            <ul class="s3-list">
                { for props.objects.iter().map(|o| {
                    let (b, k) = (o.bucket.clone(), o.key.clone());
                    let is_shown = shown.as_ref().is_some_and(|(sb, sk)| *sb == b && *sk == k);
                    let toggle = {
                        let (shown, b, k) = (shown.clone(), b.clone(), k.clone());
                        Callback::from(move |_: MouseEvent| shown.set((!is_shown).then(|| (b.clone(), k.clone()))))
                    };
                    let download = {
                        let (k, text) = (k.clone(), o.body.clone());
                        Callback::from(move |_: MouseEvent| {
                            let name = k.rsplit('/').next().unwrap_or(&k).to_string();
                            browser::download(&name, "text/plain", &text);
                        })
                    };
                    let delete = props.dispatch.reform({
                        let (b, k) = (b.clone(), k.clone());
                        move |_: MouseEvent| Action::DeleteObject(b.clone(), k.clone())
                    });
                    let preview = if o.body.len() > SHOWN_BYTES {
                        let mut end = SHOWN_BYTES;
                        while !o.body.is_char_boundary(end) { end -= 1; }
                        format!("{}\n… ({} bytes in all: Download for the rest)", &o.body[..end], o.body.len())
                    } else {
                        o.body.clone()
                    };
                    html! {
                        <li class="s3-object" data-testid="s3-object" data-bucket={b.clone()} data-key={k.clone()}>
                            <code class="s3-uri" title={format!("s3://{b}/{k}")}>{ format!("s3://{b}/{k}") }</code>
                            <span class="s3-size">{ format!("{} B", o.body.len()) }</span>
                            <button type="button" class="btn btn-link" data-testid="s3-view" onclick={toggle}>{ if is_shown { "Hide" } else { "View" } }</button>
                            <button type="button" class="btn btn-link" data-testid="s3-download" onclick={download}>{ "Download" }</button>
                            <button type="button" class="btn btn-link" data-testid="s3-delete" onclick={delete}>{ "Delete" }</button>
                            if is_shown {
                                <pre class="s3-content" data-testid="s3-content">{ preview }</pre>
                            }
                        </li>
                    }
                }) }
            </ul>
            <div class="s3-add">
                <input data-testid="s3-bucket" placeholder="bucket" value={(*bucket).clone()} oninput={text_setter(&bucket)} title="Bucket" />
                <input data-testid="s3-key" placeholder="key (an upload: the file's name)" value={(*key).clone()} oninput={text_setter(&key)} title="Key" />
                <label class="btn btn-small s3-upload">{ "Upload…" }
                    <input type="file" data-testid="s3-upload" accept=".csv,.json,.jsonl,.txt,text/*,application/json" onchange={on_file} hidden=true />
                </label>
            </div>
            <details class="s3-write">
                <summary>{ "Write an object" }</summary>
                <textarea data-testid="s3-body" rows="4" placeholder="id,amount&#10;1,10" value={(*body).clone()} oninput={text_setter(&body)} spellcheck="false" />
                <button type="button" class="btn btn-small" data-testid="s3-save" onclick={on_save}>{ "Save object" }</button>
            </details>
            if total > MAX_SAVED_OBJECT_BYTES {
                <p class="notice" data-testid="s3-not-saved">{ format!(
                    "These objects ({:.1} MB) are more than this browser keeps across a reload ({:.1} MB): they last until the page is closed. Download what you need.",
                    total as f64 / 1e6, MAX_SAVED_OBJECT_BYTES as f64 / 1e6
                ) }</p>
            }
            if let Some(p) = &*problem {
                <p class="notice notice-error" data-testid="s3-problem">{ p.clone() }</p>
            }
        </div>
    }
}
