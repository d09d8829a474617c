/** The staff ticket workspace: the ticket page with internal notes, re-grade, status and assignment. */
export { Component } from '../tickets/detail';
