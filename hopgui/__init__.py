"""hopgui: the application. The only package that knows both the models and the widgets."""
