"""What every lab shares and knows no lab: the session base and its typed commands, parameter
declarations, the simulation worker thread, the lab base widget, background jobs, small UI
builders. Nothing here imports from `hopgui.labs`."""
