"""Touch widgets: big buttons, number pad, signature pad, idle guard, date of birth input."""
