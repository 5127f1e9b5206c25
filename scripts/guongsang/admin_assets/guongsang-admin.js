// Start Decap CMS with one change to its Vietnamese wording: its toolbar button saves the
// file ("Công bố" in Decap's words), while a profile reaches readers only when its
// "Trạng thái" is "Công bố". Editors must not confuse the two, so the button says "Lưu".
(function () {
  var CMS = window.CMS;
  var vi = CMS.getLocale && CMS.getLocale("vi");
  if (vi && vi.editor && vi.editor.editorToolbar) {
    var bar = {};
    Object.keys(vi.editor.editorToolbar).forEach(function (key) {
      var text = vi.editor.editorToolbar[key];
      bar[key] = typeof text === "string"
        ? text.replace(/Công bố/g, "Lưu").replace(/công bố/g, "lưu") : text;
    });
    var editor = Object.assign({}, vi.editor, { editorToolbar: bar });
    CMS.registerLocale("vi", Object.assign({}, vi, { editor: editor }));
  }
  CMS.init();
})();
