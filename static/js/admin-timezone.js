// The admin's date and time notes name the time zone in words, not as "America/New_York".
document.body.dataset.adminServerTimezone = document.currentScript.dataset.timezone;
