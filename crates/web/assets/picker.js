// renda — searchable lists. Every <select data-picker> (deputies, units, stations) gets a box
// above it: typing a name, its pinyin initials (如 ld 找 李东) or full pinyin, or a delegation
// narrows the list. The keys come from the server in each option's data-keys. Without
// JavaScript the plain list still works; with it, a multiple list also toggles an option per
// click (no Ctrl needed) and says what is chosen. A list too long to send with the page (every
// deputy of a city and its counties) names a search address in data-picker-src: the server
// answers what was typed with [{value, label, name, keys}], which replace the options offered.
(function () {
  'use strict';

  function norm(s) {
    return (s || '').toLowerCase().replace(/[\s·・]+/g, '');
  }

  function enhance(select) {
    if (select.dataset.pickerReady) return;
    select.dataset.pickerReady = '1';
    var options = [];
    var keys = [];
    function refresh() {
      options = Array.prototype.slice.call(select.options);
      // Per option: its text, its key words, and how many characters its name has (a key no
      // longer than that is initials, searched anywhere; a longer one is full pinyin, searched
      // from its start: zf finds 住房 in 示范市住房局, yuju does not find 教育局 inside jiaoyuju;
      // picker::Choice::matches is the same rule on the server).
      keys = options.map(function (o) {
        var name = o.getAttribute('data-name') || o.textContent;
        return {
          text: norm(o.textContent),
          words: (o.getAttribute('data-keys') || '').split(/\s+/).map(norm).filter(Boolean),
          chars: (name.match(/[\u3400-\u9fff]/g) || []).length,
        };
      });
    }
    refresh();
    var src = select.getAttribute('data-picker-src');
    var hint = select.getAttribute('data-picker') || '输入姓名、拼音首字母或代表团查找';

    var box = document.createElement('input');
    box.type = 'search';
    box.className = 'picker-filter';
    box.placeholder = hint;
    box.autocomplete = 'off';
    box.setAttribute('aria-label', hint);
    var status = document.createElement('span');
    status.className = 'picker-status muted small';
    status.setAttribute('aria-live', 'polite');
    select.parentNode.insertBefore(box, select);
    select.parentNode.insertBefore(status, select);

    var chosen = null;
    if (select.multiple) {
      chosen = document.createElement('span');
      chosen.className = 'picker-chosen small';
      select.parentNode.insertBefore(chosen, select.nextSibling);
    }

    // A list that follows another field (co-signers follow the congress chosen above).
    var follow = select.getAttribute('data-follow');
    var leader = follow && select.form ? select.form.elements[follow] : null;

    function matches(k, q) {
      if (k.text.indexOf(q) >= 0) return true;
      var latin = /^[a-z0-9]+$/.test(q);
      return k.words.some(function (w) {
        if (!latin || !/^[a-z0-9]+$/.test(w)) return w.indexOf(q) >= 0;
        return w.length <= k.chars ? w.indexOf(q) >= 0 : w.indexOf(q) === 0;
      });
    }

    function filter() {
      if (src) return showChosen();
      var q = norm(box.value);
      var scope = leader ? leader.value : null;
      var shown = 0;
      options.forEach(function (o, i) {
        var group = o.parentNode && o.parentNode.tagName === 'OPTGROUP' ? o.parentNode : null;
        var inScope = !scope || !group || !group.getAttribute('data-scope') || group.getAttribute('data-scope') === scope;
        if (!inScope && o.selected) o.selected = false;
        var hit = inScope && (!q || matches(keys[i], q) || (o.selected && select.multiple));
        o.hidden = !hit;
        if (hit && o.value) shown += 1;
      });
      Array.prototype.forEach.call(select.querySelectorAll('optgroup'), function (g) {
        g.hidden = !Array.prototype.some.call(g.children, function (o) { return !o.hidden; });
      });
      status.textContent = q ? (shown ? '找到 ' + shown + ' 项' : '没有找到，请换个写法（姓名、拼音首字母或代表团）') : '';
      showChosen();
    }

    function showChosen() {
      if (!chosen) return;
      var names = options.filter(function (o) { return o.selected && o.value; }).map(function (o) {
        return o.getAttribute('data-name') || o.textContent;
      });
      chosen.textContent = names.length ? '已选 ' + names.length + ' 人：' + names.join('、') : '尚未选择';
    }

    function pickFirst() {
      var pool = options.filter(function (o) { return !o.hidden && o.value && !o.disabled; });
      // A remote list keeps the earlier choice on top; Enter means the first thing found.
      var first = (src && pool.filter(function (o) { return !o.selected; })[0]) || pool[0];
      if (!first) return;
      if (select.multiple) first.selected = true; else select.value = first.value;
      box.value = '';
      filter();
      select.dispatchEvent(new Event('change', { bubbles: true }));
    }

    // Remote lists: ask the server a moment after the typing stops; the latest answer wins.
    var timer = null;
    var asked = '';
    function ask() {
      var q = box.value.trim();
      asked = q;
      if (!q) {
        status.textContent = '';
        return;
      }
      var url = src + (src.indexOf('?') < 0 ? '?' : '&') + 'q=' + encodeURIComponent(q);
      fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (list) {
          if (asked !== q) return;
          options.forEach(function (o) { if (o.value && !o.selected) o.remove(); });
          list.forEach(function (c) {
            var value = String(c.value);
            if (options.some(function (o) { return o.value === value && o.selected; })) return;
            var o = document.createElement('option');
            o.value = value;
            o.textContent = c.label;
            o.setAttribute('data-name', c.name || c.label);
            o.setAttribute('data-keys', c.keys || '');
            select.appendChild(o);
          });
          refresh();
          status.textContent = list.length ? '找到 ' + list.length + ' 项，请在下面选择' : '没有找到，请换个写法';
        })
        .catch(function () { status.textContent = '查找失败，请稍后再试'; });
    }
    box.addEventListener('input', function () {
      if (!src) return filter();
      clearTimeout(timer);
      timer = setTimeout(ask, 250);
    });
    box.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') {
        // Enter picks the first match instead of sending the form half-filled.
        e.preventDefault();
        pickFirst();
      }
    });
    if (select.multiple) {
      select.addEventListener('mousedown', function (e) {
        var o = e.target;
        if (o && o.tagName === 'OPTION' && !o.disabled) {
          e.preventDefault();
          o.selected = !o.selected;
          select.focus();
          select.dispatchEvent(new Event('change', { bubbles: true }));
        }
      });
    }
    select.addEventListener('change', showChosen);
    if (leader) leader.addEventListener('change', filter);
    filter();
  }

  Array.prototype.forEach.call(document.querySelectorAll('select[data-picker]'), enhance);
})();
