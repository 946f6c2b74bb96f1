// Marks the page as JavaScript-enabled before it paints, as GOV.UK Frontend expects;
// kept in a file rather than inline so the Content-Security-Policy can forbid inline script.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
