"""The demo data set of the quick start, loaded app by app in the apps' order."""
