// Start Decap CMS with two additions: its toolbar button says "Lưu" (it saves the file;
// a profile reaches readers only when its "Trạng thái" is "Công bố", and editors must not
// confuse the two), and the preview pane shows a profile the way the site will.
(function () {
  var CMS = window.CMS;
  var labels = JSON.parse(document.getElementById("gs-labels").textContent);
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

  var h = window.h;
  function label(group, value) {
    return (labels[group] && labels[group][value]) || value || "";
  }
  var ExemplarPreview = window.createClass({
    render: function () {
      var get = this.props.entry.getIn.bind(this.props.entry);
      var status = get(["data", "status"]);
      var awards = get(["data", "awards"]);  // an Immutable List, or nothing yet
      return h("article", { className: "gs-preview" },
        status !== "published" && h("p", { className: "gs-draft-banner" },
          "BẢN NHÁP — chưa công bố (" + label("statuses", status) + ")"),
        h("p", { className: "gs-preview__kind" },
          label("kinds", get(["data", "kind"])) + " · " + (get(["data", "locality"]) || "") +
          " · " + label("fields", get(["data", "field"]))),
        h("h1", {}, get(["data", "title"]) || "(chưa có tên)"),
        h("p", { className: "gs-preview__summary" }, get(["data", "summary"]) || ""),
        this.props.widgetFor("body"),
        awards && awards.size ? h("section", {}, h("h2", {}, "Khen thưởng"), h("ul", {},
          awards.map(function (a, i) {
            return h("li", { key: i }, (a.get("title") || "") + " — cấp " +
              label("levels", a.get("level")) + (a.get("decision") ? ", " + a.get("decision") : ""));
          }).toArray())) : null);
    }
  });
  CMS.registerPreviewTemplate("exemplars", ExemplarPreview);
  CMS.registerPreviewStyle("../assets/guongsang.css");
  CMS.registerPreviewStyle(
    "body{font-family:system-ui,sans-serif;line-height:1.6;padding:1rem 1.5rem;color:#222}" +
    ".gs-preview__kind{color:#555}.gs-preview__summary{font-weight:600}" +
    ".gs-draft-banner{border:2px dashed #b71c1c;padding:.5rem;color:#7f0000;font-weight:700}",
    { raw: true });
  CMS.init();
})();
