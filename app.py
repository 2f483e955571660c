"""Understudy's Gradio app. Placeholder until the app issue lands: it points at the CLI."""

if __name__ == "__main__":
    print("The app is not built yet. Run the whole pipeline offline with:  python -m pipeline demo --out demo")
