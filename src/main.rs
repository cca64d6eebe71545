//! ASL Playground's entry point: mounts the app into the page's body.

#![forbid(unsafe_code)]

fn main() {
    yew::Renderer::<asl_playground::app::App>::new().render();
}
