//! ASL Playground: the Yew app (placeholder).
