//! Starter contracts (`init`): placeholder, filled in the next step.
