'use strict';
// The admin's navigation sidebar starts closed, leaving the width to the page; its toggle still
// opens it and Django remembers that choice (nav_sidebar.js reads the same key).
try {
    if (localStorage.getItem('django.admin.navSidebarIsOpen') === null) {
        localStorage.setItem('django.admin.navSidebarIsOpen', 'false');
    }
} catch (error) {
    // Storage refused (private mode): the sidebar opens as Django's default.
}
