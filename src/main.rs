//! Entry point of the web app: mounts [`playground::App`] on the page's `<body>`, after the
//! panic hook that shows an error panel if the app ever fails (`playground::failure`).

fn main() {
    playground::failure::install();
    yew::Renderer::<playground::App>::new().render();
}
